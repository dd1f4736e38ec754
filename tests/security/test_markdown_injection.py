"""A pasted question cannot inject Markdown (links, HTML) into the exported report."""

from __future__ import annotations

from tests.support import TINY


def test_markdown_export_keeps_the_query_inside_its_code_block() -> None:
    from jamfkb.engine.consultation import Consultation
    from jamfkb.kb.compiler import compile_tree
    from jamfkb.kb.markdown import tokens
    from jamfkb.tui.report import diagnosis_markdown

    kb, _ = compile_tree(TINY)
    assert kb is not None
    query = "paper jam\n```\n[click me](https://evil.example) <img src=x onerror=alert(1)>"
    report = diagnosis_markdown(kb, Consultation.for_kb(kb).diagnose(query), "en")
    links = [c for t in tokens(report) for c in (t.children or ())
             if c.type == "link_open" and "evil" in str(c.attrGet("href"))]
    assert links == [], "pasted text escaped the report's code block"
