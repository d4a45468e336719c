import pytest

from broadsheet.importers.errors import ImportFileError
from broadsheet.importers.formats import format_for, text
from broadsheet.importers.tests.dumps import write_dump


def test_format_for_picks_the_text_format_by_the_files_layout(tmp_path):
    path = write_dump(tmp_path, "talks-dump", title="Talks", paragraphs=("Text.",))

    assert format_for(path) is text


def test_format_for_refuses_a_file_no_format_recognises_and_says_what_it_expected(tmp_path):
    path = tmp_path / "export.json"
    path.write_text('{"db": []}', encoding="utf-8")

    with pytest.raises(ImportFileError) as raised:
        format_for(path)

    message = str(raised.value)
    assert message.startswith(f"{path}: not in a format Broadsheet recognises")
    assert "It can import: " in message
    assert "text (a post saved as text" in message
    assert "--format" in message


def test_format_for_uses_the_format_named_whatever_the_file_looks_like(tmp_path):
    path = tmp_path / "export.json"
    path.write_text('{"db": []}', encoding="utf-8")

    assert format_for(path, name="text") is text
