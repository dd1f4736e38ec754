"""Keyword search: one word, typed or misspelt, in either language, finds its topic."""

from __future__ import annotations

import pytest

from jamfkb.engine.search import Search
from jamfkb.kb.model import KnowledgeBase


@pytest.fixture(scope="module")
def search() -> Search:
    from jamfkb.kb.store import load

    kb: KnowledgeBase | None = load().kb
    assert kb is not None
    return Search(kb)


# Each single product word a new user types, and nodes that are about it.
RELEVANT = {
    "keychain": {"keychain-prompt", "keychain-prompts-by-design", "cause-7",
                 "recurring-signin-prompts"},
    "trousseau": {"keychain-prompt", "keychain-prompts-by-design", "cause-7",
                  "recurring-signin-prompts"},
    "token": {"graph-token-error", "aad-token-refresh-failed", "device-deactivated"},
    "jeton": {"graph-token-error", "aad-token-refresh-failed", "device-deactivated"},
    "secret": {"client-secret-expired", "client-secret-invalid", "res-renew-client-secret",
               "res-fix-client-secret-value", "secret-expiry-passed", "secret-value-copied"},
    "compliance": {"compliance-status-na", "compliance-policy-not-evaluated",
                   "compliant-intune-noncompliant-azure", "res-migrate-to-device-compliance",
                   "partner-connection-broken", "noncompliant-by-jamf-criteria",
                   "psso-compliance-mismatch", "faq-jamf-compliance-supported"},
    "conformité": {"compliance-status-na", "compliance-policy-not-evaluated",
                   "compliant-intune-noncompliant-azure", "policy-targets-device-groups",
                   "noncompliant-by-jamf-criteria", "psso-compliance-mismatch",
                   "faq-jamf-compliance-supported"},
    "graph": {"graph-token-error", "graph-app-permissions", "graph-license-expired"},
    "connector": {"cloud-connector-devices-stop-reporting", "res-configure-cloud-connector",
                  "cloud-connector-not-configured-in-time", "cloud-connector-permissions-changed",
                  "res-restore-connector-permissions", "cause-2"},
    "jamfaad": {"cause-7", "res-allow-jamfaad-keychain", "res-fix-device-record",
                "jamfaad-command-not-found", "jamfaad-renamed", "jamfaad-prompts-for-sign-in"},
    "inventory": {"inventory-send-fails"},
    "license": {"cause-3", "graph-license-expired", "jamf-license-valid", "res-renew-licenses",
                "user-has-intune-license"},
    "licence": {"cause-3", "graph-license-expired", "jamf-license-valid", "res-renew-licenses",
                "user-has-intune-license"},
    "inscription": {"registration-fails", "registration-blocked-by-ca", "cause-6",
                    "res-register-via-self-service", "res-cleanup-and-reregister"},
    "linscription echoue": {"registration-fails", "registration-blocked-by-ca", "cause-6"},
}


@pytest.mark.parametrize("word", sorted(RELEVANT))
def test_a_single_word_finds_a_relevant_node_first(search: Search, word: str) -> None:
    hits = search.search(word)
    assert hits, word
    assert hits[0].id in RELEVANT[word], [h.id for h in hits[:5]]


def test_the_word_being_typed_matches_by_prefix(search: Search) -> None:
    assert search.search("keych")[0].id in RELEVANT["keychain"]
    # once the word is finished (a space follows), it no longer stands for longer words
    assert search.search("keych ") == []


def test_case_accents_and_apostrophes_do_not_matter(search: Search) -> None:
    ids = [h.id for h in search.search("CONFORMITE")]
    assert ids == [h.id for h in search.search("conformité")]
    assert search.search("l'inscription échoue")[0].id == \
        search.search("linscription echoue")[0].id


def test_a_misspelt_word_still_finds_its_topic(search: Search) -> None:
    assert search.search("kechain")[0].id in RELEVANT["keychain"]
    assert search.search("inventroy")[0].id == "inventory-send-fails"


def test_ids_and_aliases_are_searched(search: Search) -> None:
    assert search.search("cause-6")[0].id == "cause-6"
    node = next(n for n in search.kb.nodes.values() if n.aliases)
    assert node.id in [h.id for h in search.search(node.aliases[0])[:3]]


def test_kind_filters_and_top_limits(search: Search) -> None:
    hits = search.search("secret", kind="resolution", top=2)
    assert len(hits) <= 2
    assert {h.kind for h in hits} == {"resolution"}


def test_unrelated_words_find_nothing(search: Search) -> None:
    assert search.search("zzqx") == []
    assert search.search("the of and") == []
    assert search.search("") == []


def test_scores_are_best_first_between_zero_and_one(search: Search) -> None:
    hits = search.search("client secret expired")
    assert hits[0].id == "client-secret-expired"
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 1 for s in scores)
