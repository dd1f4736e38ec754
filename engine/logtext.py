"""Telling a pasted log from a typed symptom.

A log pasted into the query is read as ``scan`` reads a file: its known error messages
(signatures) count, with their lines, and its ordinary lines give no evidence. Without
this, 25 ordinary ``jamf.log`` lines gave "65% Macs fail to register", and the Company
Portal line "Acquiring token silently for resource https://graph.microsoft.com" gave
49% to a token error. Lines that are not log lines (a symptom typed above the paste) are
matched as usual, and so are log lines that report an error in words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTH = (r"(?:jan|feb|fév|fev|mar|apr|avr|may|mai|jun|juin|jul|juil|aug|aoû|aou|sep|oct"
          r"|nov|dec|déc)")
_DAY = r"(?:mon|tue|wed|thu|fri|sat|sun|lun|mar|mer|jeu|ven|sam|dim)"
_LOG_LINE = re.compile(
    r"""^\s*(?:
        \d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}                 # 2024-05-02 10:12:44
      | \d{1,2}/\d{1,2}/\d{2,4}[ ,]+\d{1,2}:\d{2}          # 02/05/2024 10:12
      | (?:""" + _DAY + r"""\w*\.?\s+)?""" + _MONTH + r"""\w*\.?\s+\d{1,2}\s+\d{1,2}:\d{2}
      | \d{1,2}:\d{2}:\d{2}                                # 10:12:44
      | [\[<]?(?:error|err|warn|warning|info|notice|debug|trace|fault|default)[\]>]\s
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_PROCESS_TAG = re.compile(r"\b[\w.\- ]{2,40}\[\d{1,7}\]:")  # jamf[4411]: Company Portal[812]:
# A log line that reports a failure in words: worth matching against symptoms.
_FAILURE = re.compile(
    r"\b(?:error|errors|fail|fails|failed|failure|could ?not|couldn'?t|cannot|can'?t|unable"
    r"|denied|invalid|expired|exception|timed out|timeout|refused|not found|unauthori[sz]ed"
    r"|forbidden|blocked|unreachable|erreur|échec|echec|impossible|aadsts\d+)\b",
    re.IGNORECASE,
)
MIN_LOG_LINES = 2  # one timestamped line could be a sentence that starts with a time


@dataclass(frozen=True, slots=True)
class QueryText:
    """A query split into what is matched against symptoms and what only signatures read."""

    prose: str  # the lines matched against phrasings
    log_lines: int  # lines read as a log (0: the text is not a log)
    failure_lines: int  # of those, lines that report a failure in words


def is_log_line(line: str) -> bool:
    return bool(_LOG_LINE.match(line) or _PROCESS_TAG.search(line[:120]))


def read_query(text: str) -> QueryText:
    lines = text.splitlines()
    log = [is_log_line(line) for line in lines]
    if sum(log) < MIN_LOG_LINES and not (len(lines) == 1 and log and log[0]):
        return QueryText(text, 0, 0)
    kept, failures = [], 0
    for line, is_log in zip(lines, log, strict=True):
        if not is_log:
            kept.append(line)
        elif _FAILURE.search(line):
            kept.append(line)
            failures += 1
    return QueryText("\n".join(kept), sum(log), failures)
