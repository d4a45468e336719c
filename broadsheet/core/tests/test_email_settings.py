"""Where mail goes, from EMAIL_URL or EMAIL_HOST and friends (broadsheet/settings/email.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from broadsheet.settings.email import SMTP_BACKEND, mailer_from_url, mailers_from_environment


def test_an_smtp_url_with_starttls_gives_host_port_login_and_tls():
    mailer = mailer_from_url("smtp://news%40example.org:p%2Fss@mail.example.org:587/?tls=1")

    assert mailer["BACKEND"] == SMTP_BACKEND
    assert mailer["OPTIONS"] == {
        "host": "mail.example.org",
        "port": 587,
        "username": "news@example.org",
        "password": "p/ss",
        "use_tls": True,
        "use_ssl": False,
        "timeout": 30,
    }


def test_smtps_is_tls_from_the_start_on_port_465():
    options = mailer_from_url("smtps://user:pass@mail.example.org")["OPTIONS"]

    assert (options["port"], options["use_ssl"], options["use_tls"]) == (465, True, False)


def test_console_file_and_dummy_need_no_server():
    assert mailer_from_url("console://")["BACKEND"] == "broadsheet.core.mail.ConsoleBackend"
    assert mailer_from_url("dummy://")["BACKEND"].endswith("dummy.EmailBackend")
    assert mailer_from_url("file:///var/mail/news")["OPTIONS"] == {"file_path": "/var/mail/news"}


def test_email_host_and_friends_work_as_in_djangos_own_settings():
    mailers = mailers_from_environment(
        {
            "EMAIL_HOST": "mail.example.org",
            "EMAIL_PORT": "2525",
            "EMAIL_HOST_USER": "news",
            "EMAIL_HOST_PASSWORD": "secret",
            "EMAIL_USE_TLS": "true",
        },
        default_url="console://",
    )

    options = mailers["default"]["OPTIONS"]
    assert (options["host"], options["port"], options["use_tls"]) == (
        "mail.example.org",
        2525,
        True,
    )
    assert (options["username"], options["password"]) == ("news", "secret")
    assert mailers["newsletter"] == mailers["default"]


def test_without_a_mail_server_the_default_applies_and_the_newsletter_may_have_its_own():
    mailers = mailers_from_environment(
        {"NEWSLETTER_EMAIL_URL": "smtp://bulk.example.net:2525"}, default_url="console://"
    )

    assert mailers["default"]["BACKEND"] == "broadsheet.core.mail.ConsoleBackend"
    assert mailers["newsletter"]["OPTIONS"]["host"] == "bulk.example.net"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("imap://mail.example.org", "unknown scheme 'imap'"),
        ("smtp://", "no host"),
        ("smtp://mail.example.org:port", "the port is not a number"),
        ("smtp://mail.example.org/?tls=1&ssl=1", "choose one"),
        ("smtp://mail.example.org/?starttls=1", "unknown option starttls"),
        ("smtp://mail.example.org/?tls=maybe", "expected 1 or 0"),
    ],
)
def test_a_bad_url_says_what_is_wrong_with_it(url, message):
    with pytest.raises(ImproperlyConfigured, match=message) as error:
        mailer_from_url(url)

    assert "EMAIL_URL" in str(error.value)


def test_the_development_server_prints_mail_and_needs_no_smtp_server(monkeypatch):
    import importlib

    monkeypatch.delenv("EMAIL_URL", raising=False)
    monkeypatch.delenv("EMAIL_HOST", raising=False)
    # Not the development key file it would otherwise write into var/.
    monkeypatch.setenv("DJANGO_SECRET_KEY", "development-settings-under-test-" * 2)
    from broadsheet.settings import dev  # noqa: TID251 -- the development settings under test

    dev = importlib.reload(dev)

    assert dev.MAILERS["default"]["BACKEND"] == "broadsheet.core.mail.ConsoleBackend"
    assert dev.MAILERS["newsletter"]["BACKEND"] == "broadsheet.core.mail.ConsoleBackend"


def test_the_console_prints_a_message_as_a_person_reads_it():
    import io

    from django.core.mail import EmailMultiAlternatives

    from broadsheet.core.mail import ConsoleBackend

    link = "http://127.0.0.1:8000/subscribe/confirm/" + "a" * 150 + "/"
    message = EmailMultiAlternatives(
        "Confirm", f"Follow {link} to confirm. Ça marche.", "desk@example.org", ["ana@example.org"]
    )
    message.attach_alternative("<p>Follow</p>", "text/html")
    stream = io.StringIO()

    ConsoleBackend(stream=stream, alias="default").send_messages([message])

    printed = stream.getvalue()
    assert "To: ana@example.org\nSubject: Confirm\n" in printed
    assert f"Follow {link} to confirm. Ça marche." in printed
    assert "(also as text/html)" in printed
