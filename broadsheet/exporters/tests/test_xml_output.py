from xml.etree.ElementTree import Element, SubElement

from defusedxml import ElementTree

from broadsheet.exporters.xml_output import element_xml


def written_and_read_back(element: Element) -> Element:
    return ElementTree.fromstring(element_xml(element))


def test_text_with_markup_goes_in_cdata_and_reads_back_as_it_was():
    element = Element("content")
    element.text = "<p>Fish & chips</p> ]]> and after"

    assert element_xml(element).startswith("<content><![CDATA[<p>Fish & chips</p> ]]]]><![CDATA[>")
    assert written_and_read_back(element).text == "<p>Fish & chips</p> ]]> and after"


def test_plain_text_is_written_as_it_is():
    element = Element("wp:status")
    element.text = "publish"

    assert element_xml(element) == "<wp:status>publish</wp:status>"


def test_characters_xml_forbids_are_dropped_so_the_file_stays_well_formed():
    element = Element("title")
    element.text = "Bell\x07 and tab\t kept"
    element.set("nicename", 'a"b\x0b')

    read = written_and_read_back(element)

    assert (read.text, read.get("nicename")) == ("Bell and tab\t kept", 'a"b')


def test_children_are_nested_and_indented_with_tabs():
    item = Element("item")
    SubElement(item, "title").text = "One"

    assert element_xml(item, level=1) == "\t<item>\n\t\t<title>One</title>\n\t</item>"
