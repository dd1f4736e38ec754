"""A log pasted into the query: its error messages count, its ordinary lines do not."""

from __future__ import annotations

import pytest

from jamfkb.engine.consultation import Consultation
from jamfkb.engine.logtext import is_log_line, read_query
from jamfkb.kb.model import KnowledgeBase

JAMF_LOG = """\
Tue Nov 25 09:14:02 MBP-Julie jamf[4521]: Checking for policies triggered by "recurring check-in" for user "julie"...
Tue Nov 25 09:14:05 MBP-Julie jamf[4521]: Executing Policy Update Inventory
Tue Nov 25 09:14:42 MBP-Julie jamf[4521]: Removing existing launchd task /Library/LaunchDaemons/com.jamfsoftware.task.1.plist...
Tue Nov 25 09:15:02 MBP-Julie jamf[4521]: Submitting log to https://jamf.example.com:8443/
"""  # noqa: E501
PORTAL_LOG = """\
2024-05-02 10:12:44:118 | I | Company Portal[812] | Acquiring token silently for resource https://graph.microsoft.com
2024-05-02 10:12:45:002 | I | Company Portal[812] | Token acquired silently for https://graph.microsoft.com
"""


@pytest.mark.parametrize("line", [
    "Tue Nov 25 09:14:02 MBP-Julie jamf[4521]: Checking for policies",
    "2024-05-02 10:12:44,118 [ERROR] [MicrosoftIntuneIntegrationService] - Could not",
    "Nov 25 09:14:02 host kernel: something",
    "[ERROR] something broke",
    "Company Portal[812]: Acquiring token",
])
def test_log_lines_are_recognised(line: str) -> None:
    assert is_log_line(line)


@pytest.mark.parametrize("line", [
    "registration fails on some macs",
    "l'inscription échoue depuis ce matin",
    "Error 500 when I open the page",  # a sentence, not a level tag
])
def test_sentences_are_not_log_lines(line: str) -> None:
    assert not is_log_line(line)


def test_a_symptom_typed_above_a_log_is_kept_and_ordinary_lines_are_dropped() -> None:
    query = read_query("macs unresponsive in jamf pro\n" + JAMF_LOG)
    assert query.log_lines == 4
    assert query.failure_lines == 0
    assert query.prose == "macs unresponsive in jamf pro"


def test_a_log_line_that_reports_a_failure_in_words_is_matched() -> None:
    query = read_query(JAMF_LOG + "Tue Nov 25 09:15:42 MBP-Julie jamf[4521]: Could not "
                       "connect to the JSS. Looking for cached policies...\n")
    assert query.failure_lines == 1
    assert "Could not connect to the JSS" in query.prose


def test_prose_is_left_alone() -> None:
    text = "At 10:12 the Mac stopped checking in.\nIt was fine yesterday."
    assert read_query(text).log_lines == 0
    assert read_query(text).prose == text


@pytest.fixture(scope="module")
def bundled() -> Consultation:
    from jamfkb.kb.store import load

    kb: KnowledgeBase | None = load().kb
    assert kb is not None
    return Consultation.for_kb(kb)


@pytest.mark.parametrize("log", [JAMF_LOG, PORTAL_LOG])
def test_a_clean_log_gives_no_cause(bundled: Consultation, log: str) -> None:
    d = bundled.diagnose(log)
    assert d.log_lines == len(log.splitlines())
    assert d.signatures == ()
    assert not d.matched


def test_a_symptom_above_a_clean_log_still_counts(bundled: Consultation) -> None:
    d = bundled.diagnose("a lot of macs are marked unresponsive in jamf pro\n" + JAMF_LOG)
    assert d.problems and d.problems[0].id == "unresponsive"


def test_a_known_error_message_in_a_log_counts_with_its_line(bundled: Consultation) -> None:
    line = ("2024-05-02 10:12:44,118 [ERROR] [MicrosoftIntuneIntegrationService] - Could not "
            "retrieve the access token for Microsoft Graph API. Check the configuration for "
            "Microsoft Intune Integration.")
    d = bundled.diagnose(JAMF_LOG + line)
    assert d.signatures
    assert d.problems[0].id == "graph-token-error"
