"""The bundled knowledge base: clean, bilingual, and covering both knowledge maps."""

from __future__ import annotations

import re

import pytest

from jamfkb.kb.compiler import compile_tree
from jamfkb.kb.model import KnowledgeBase
from jamfkb.kb.store import bundled_content_dir
from tests.support import REPO

SHARED = REPO.parent / "shared"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    kb, diags = compile_tree(bundled_content_dir())
    assert kb is not None, [d.format() for d in diags]
    assert not [d for d in diags if d.severity == "error"]
    return kb


def test_check_is_clean(kb: KnowledgeBase) -> None:
    _, diags = compile_tree(bundled_content_dir())
    assert [d.format() for d in diags] == []


PACK1_PROBLEMS = {
    "unresponsive": "devices-are-marked-as-unresponsive-in-jamf-pro",
    "keychain-prompt": "mac-devices-prompt-for-keychain-sign-in-when-you-open-an-app",
    "registration-fails": "devices-fail-to-register",
    "compliant-intune-noncompliant-azure":
        "mac-device-shows-compliant-in-intune-but-noncompliant-in-azure",
    "duplicate-entries":
        "duplicate-entries-appear-in-the-intune-console-for-mac-devices-enrolled-by-using-jamf",
    "compliance-policy-not-evaluated": "compliance-policy-fails-to-evaluate-the-device",
    "graph-token-error": "could-not-retrieve-the-access-token-for-microsoft-graph-api",
}
PACK1_CAUSES = {
    "jamf-checkin-missed", "aad-token-refresh-failed", "keychain-prompts-by-design", "cause-1",
    "cause-2", "cause-3", "cause-4", "cause-5", "cause-6", "cause-7", "registration-incomplete",
    "policy-targets-device-groups", "graph-app-permissions", "graph-license-expired",
    "graph-ports-closed",
}
PACK2_PROBLEMS = {
    "inventory-send-fails", "compliance-status-na", "registration-blocked-by-ca",
    "partner-connection-broken", "macs-missing-from-intune", "legacy-ca-unavailable",
    "cloud-connector-devices-stop-reporting",
}
PACK2_CAUSES = {
    "device-record-incomplete", "ca-blocks-registration-app", "partner-assigned-all-users",
    "expected-with-device-compliance", "legacy-integration-deprecated",
    "cloud-connector-not-configured-in-time", "cloud-connector-permissions-changed",
    "client-secret-expired", "client-secret-invalid",
}


def test_every_node_of_the_maps_exists(kb: KnowledgeBase) -> None:
    for pid, anchor in PACK1_PROBLEMS.items():
        assert kb.nodes[pid].kind == "problem"
        assert kb.resolve(anchor) is kb.nodes[pid]
    for pid in PACK2_PROBLEMS:
        assert kb.nodes[pid].kind == "problem"
    for cid in PACK1_CAUSES | PACK2_CAUSES:
        node = kb.nodes[cid]
        assert node.kind == "cause"
        assert node.problems and node.resolutions
    assert kb.nodes["prerequisites"].kind == "article"


def test_maps_ids_are_consistent_with_shared_maps() -> None:
    if not (SHARED / "knowledge-map.md").exists():
        pytest.skip("shared/ not beside the repository")
    text = (SHARED / "knowledge-map.md").read_text() + (SHARED / "knowledge-map-2.md").read_text()
    ids = set(re.findall(r"^\| `([a-z0-9-]+)` \|", text, flags=re.M))
    assert ids == set(PACK1_PROBLEMS) | PACK1_CAUSES | PACK2_PROBLEMS | PACK2_CAUSES


def test_both_languages_everywhere(kb: KnowledgeBase) -> None:
    for node in kb.nodes.values():
        assert set(node.wording) == {"en", "fr"}
        if node.kind == "problem":
            for lang in ("en", "fr"):
                assert len(node.wording[lang].phrasings) >= 5, (node.id, lang)


EXACT_STRINGS = [
    "sudo jamf removeMdmProfile",
    "sudo jamf removeFramework",
    "update_device_attributes",
    "~/Library/Application Support/com.microsoft.CompanyPortal.usercontext.info",
    "~/Library/Cookies/com.jamf.management.jamfAAD.binarycookies",
    "com.microsoft.workplacejoin.registeredUserPrincipalName",
    "Portal launched without WPJ only arg while account is under partner management",
    "Registration-only command line flag (-r) can only be used when partner management is "
    "enabled in Intune. Please contact your IT admin.",
    "Could not retrieve the access token for Microsoft Graph API.",
    "AADSTS7000215: Invalid client secret provided.",
    "/usr/local/jamf/bin/jamfaad gatherAADInfo",
    "AccountNotOnboarded",
]


@pytest.mark.parametrize("text", EXACT_STRINGS)
def test_exact_strings_kept_in_both_languages(kb: KnowledgeBase, text: str) -> None:
    for lang in ("en", "fr"):
        bodies = "\n".join(n.wording[lang].body for n in kb.nodes.values())
        sigs = "\n".join(s.text for s in kb.signatures)
        assert text in bodies or text in sigs, (text, lang)


def test_every_seed_question_exists(kb: KnowledgeBase) -> None:
    for qid in ("ever-worked", "all-users-affected", "all-devices-affected", "error-location",
                "since-when", "cp-opened-from-self-service", "enrolled-before",
                "integration-enabled", "extra-app-permissions", "policy-assigned-to-device-groups",
                "integration-type"):
        assert kb.nodes[qid].kind == "question"
    assert kb.nodes["integration-type"].choices == ("legacy-ca", "cloud-connector",
                                                    "device-compliance")


@pytest.mark.parametrize(
    ("old_name", "new_name"),
    [
        ("the mac is compliant in intune but noncompliant in azure ad",
         "the mac is compliant in intune but noncompliant in entra id"),
        ("le mac est conforme dans intune mais non conforme dans azure ad",
         "le mac est conforme dans intune mais non conforme dans microsoft entra id"),
        ("aad token refresh fails, mac unresponsive",
         "entra token refresh fails, mac unresponsive"),
    ],
)
def test_azure_ad_and_entra_id_match_alike(kb: KnowledgeBase, old_name: str,
                                           new_name: str) -> None:
    from jamfkb.engine.consultation import Consultation

    consultation = Consultation.for_kb(kb)
    old, new = consultation.diagnose(old_name), consultation.diagnose(new_name)
    assert old.problems and new.problems
    assert [(p.id, p.certainty) for p in old.problems] == \
        [(p.id, p.certainty) for p in new.problems]


def test_articles_name_entra_id_with_its_former_name(kb: KnowledgeBase) -> None:
    for lang, former in (("en", "formerly Azure AD"), ("fr", "anciennement Azure AD")):
        mentions = [n.id for n in kb.nodes.values() if former in n.wording[lang].body]
        assert len(mentions) >= 10, (lang, mentions)


def test_generation_question_moves_weight_between_packs(kb: KnowledgeBase) -> None:
    from jamfkb.engine.consultation import Consultation

    consultation = Consultation.for_kb(kb)
    text = "mac registration fails with jamf"
    legacy = {c.id: c.certainty for c in consultation.diagnose(
        text, {"integration-type": "legacy-ca"}).causes}
    modern = {c.id: c.certainty for c in consultation.diagnose(
        text, {"integration-type": "device-compliance"}, top=30).causes}
    assert legacy.get("cause-4", 0) > modern.get("cause-4", 0)
