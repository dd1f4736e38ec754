"""Write a synthetic, valid, bilingual content tree at a multiple of the bundled KB's size.

    python -m bench.generate --scale 100 --seed 1 --out /tmp/kb100

Scale 1 is the size the bundled knowledge base was planned at (7 problems, 16 causes,
~40 evidence lines, ~200 phrasings); scale 100 gives ~700 problems, 1,600 causes,
4,000 evidence lines and 20,000 phrasings. The shape follows the real content:

- problems are grouped in *product areas* of ~10 problems; each area has its own questions
  (yes/no and one with three choices) that the causes of the area share;
- a problem has 6 to 8 phrasings per language, built from a shared IT/admin vocabulary, so
  words recur across problems and areas and matching is not trivially unique;
- a cause has a prior per problem (some causes explain two problems of their area),
  2 or 3 evidence lines (error signatures and question answers) and 3 or 4 phrasings;
- resolutions have an ordered list and a code block; FR and EN bodies share one structure.

The output is deterministic: the same scale and seed give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

AREA_SIZE = 10  # problems per product area
PROBLEMS_PER_SCALE = 7
CAUSES_PER_SCALE = 16

# --------------------------------------------------------------------------- vocabulary
# (English, French) pairs. Product names are the same in both languages.

PRODUCTS = [
    "jamf pro", "intune", "entra id", "self service", "company portal", "jamf connect",
    "filevault", "gatekeeper", "apple business manager", "apns", "automated device enrollment",
    "volume purchasing", "ldap", "kerberos sso", "okta", "defender", "zscaler", "global protect",
    "jamf protect", "munki", "autopkg", "jamf school", "cloud distribution point", "tomcat",
    "mysql", "jamf infrastructure manager", "azure ad", "microsoft graph", "app catalog",
    "patch management", "jamf remote", "recon", "jamf helper", "dep notify", "nudge",
    "setup your mac", "mosyle", "kandji", "sccm", "exchange online",
]

OBJECTS = [
    ("enrollment", "enrôlement"), ("certificate", "certificat"), ("profile", "profil"),
    ("configuration profile", "profil de configuration"), ("policy", "stratégie"),
    ("inventory", "inventaire"), ("device record", "fiche appareil"),
    ("keychain", "trousseau"), ("login", "connexion"), ("password", "mot de passe"),
    ("token", "jeton"), ("sync", "synchronisation"), ("update", "mise à jour"),
    ("package", "paquet"), ("script", "script"),
    ("extension attribute", "attribut d'extension"), ("smart group", "groupe intelligent"),
    ("push notification", "notification push"), ("recovery key", "clé de récupération"),
    ("disk encryption", "chiffrement du disque"), ("firewall", "pare-feu"),
    ("proxy setting", "réglage proxy"), ("dns lookup", "résolution dns"),
    ("network share", "partage réseau"), ("printer queue", "file d'impression"),
    ("app install", "installation d'application"), ("license", "licence"),
    ("user account", "compte utilisateur"), ("admin account", "compte administrateur"),
    ("api call", "appel api"), ("webhook", "webhook"), ("database", "base de données"),
    ("tomcat service", "service tomcat"), ("distribution point", "point de distribution"),
    ("cloud connector", "cloud connector"), ("compliance status", "état de conformité"),
    ("registration", "inscription"), ("check-in", "check-in"),
    ("remote command", "commande à distance"), ("software update", "mise à jour logicielle"),
    ("kernel extension", "extension du noyau"), ("system extension", "extension système"),
    ("privacy preference", "préférence de confidentialité"),
    ("bootstrap token", "jeton d'amorçage"), ("secure token", "secure token"),
    ("mobile account", "compte mobile"), ("home folder", "dossier de départ"),
    ("backup", "sauvegarde"), ("log file", "fichier journal"), ("agent", "agent"),
    ("daemon", "démon"), ("launch agent", "agent de lancement"),
    ("dock item", "élément du dock"), ("wallpaper", "fond d'écran"),
    ("screen sharing", "partage d'écran"), ("bluetooth pairing", "appairage bluetooth"),
    ("battery report", "rapport batterie"), ("serial number", "numéro de série"),
    ("asset tag", "étiquette d'inventaire"), ("site assignment", "affectation de site"),
    ("building field", "champ bâtiment"), ("department field", "champ service"),
    ("static group", "groupe statique"), ("scope", "périmètre"), ("exclusion", "exclusion"),
    ("patch title", "titre de correctif"), ("self service item", "élément self service"),
    ("restricted software", "logiciel restreint"), ("usage log", "journal d'utilisation"),
    ("ssl handshake", "négociation ssl"), ("saml assertion", "assertion saml"),
    ("oauth consent", "consentement oauth"), ("client secret", "secret client"),
    ("app registration", "inscription d'application"),
    ("graph permission", "permission graph"), ("conditional access", "accès conditionnel"),
    ("device compliance", "conformité de l'appareil"),
    ("managed apple id", "identifiant apple géré"),
    ("vpp token", "jeton vpp"), ("push certificate", "certificat push"),
    ("ldap server", "serveur ldap"), ("sso extension", "extension sso"),
]

SYMPTOMS = [
    ("fails", "échoue"), ("not working", "ne fonctionne pas"),
    ("stuck pending", "bloqué en attente"), ("times out", "expire"), ("missing", "manquant"),
    ("not showing", "n'apparaît pas"), ("keeps failing", "échoue sans arrêt"),
    ("is very slow", "est très lent"), ("returns an error", "renvoie une erreur"),
    ("not applied", "non appliqué"), ("duplicated", "en double"),
    ("out of date", "pas à jour"), ("rejected", "rejeté"), ("expired", "expiré"),
    ("not syncing", "ne se synchronise pas"), ("crashes", "plante"), ("hangs", "se fige"),
    ("is empty", "est vide"), ("shows the wrong value", "affiche une mauvaise valeur"),
    ("loops", "tourne en boucle"), ("not found", "introuvable"),
    ("unauthorized", "non autorisé"), ("blocked", "bloqué"), ("corrupted", "corrompu"),
    ("disappears", "disparaît"), ("never completes", "ne se termine jamais"),
    ("prompts repeatedly", "redemande sans cesse"), ("not updating", "ne se met pas à jour"),
    ("greyed out", "grisé"), ("unreachable", "injoignable"),
    ("reports failed", "signale un échec"), ("stays grey", "reste gris"),
]

STATES = [
    ("expired", "expiré"), ("misconfigured", "mal configuré"), ("revoked", "révoqué"),
    ("missing", "absent"), ("out of sync", "désynchronisé"), ("disabled", "désactivé"),
    ("wrong", "incorrect"), ("deleted", "supprimé"),
    ("blocked by the firewall", "bloqué par le pare-feu"), ("too old", "trop ancien"),
    ("full", "plein"), ("locked", "verrouillé"), ("duplicated", "dupliqué"),
    ("not renewed", "non renouvelé"), ("assigned to the wrong group", "attribué au mauvais groupe"),
    ("scoped to nobody", "sans périmètre"), ("cached", "en cache"),
    ("throttled", "limité en débit"), ("overwritten", "écrasé"),
    ("half migrated", "à moitié migré"),
]

CONTEXTS = [
    ("since yesterday", "depuis hier"), ("after the upgrade", "après la mise à niveau"),
    ("on all macs", "sur tous les mac"), ("for some users", "pour certains utilisateurs"),
    ("on new devices", "sur les nouveaux appareils"), ("after migration", "après la migration"),
    ("in the console", "dans la console"), ("on macos sonoma", "sur macos sonoma"),
    ("on macos ventura", "sur macos ventura"), ("at login", "à l'ouverture de session"),
    ("every morning", "tous les matins"), ("after a reboot", "après un redémarrage"),
    ("on the test machines", "sur les machines de test"),
    ("for the sales team", "pour l'équipe commerciale"), ("in production", "en production"),
    ("behind the proxy", "derrière le proxy"), ("on wifi only", "uniquement en wifi"),
    ("since the certificate renewal", "depuis le renouvellement du certificat"),
    ("right after enrolling", "juste après l'enrôlement"), ("when offline", "hors ligne"),
    ("on shared ipads", "sur les ipad partagés"), ("for remote staff", "pour les télétravailleurs"),
    ("on apple silicon", "sur apple silicon"), ("since monday", "depuis lundi"),
]

EN_TEMPLATES = [
    "{product} {object} {symptom}",
    "{object} {symptom} {context}",
    "{object} {symptom} in {product}",
    "my {object} {symptom}",
    "{product} says {object} {symptom} {context}",
    "users report {object} {symptom} on {product}",
    "{object} {symptom}",
    "the {object} {symptom} {context} with {product}",
    "why is the {object} {symptom2} in {product}",
    "{object} {symptom} and {object2} {symptom2}",
]
FR_TEMPLATES = [
    "{product} {object} {symptom}",
    "{object} {symptom} {context}",
    "{object} {symptom} dans {product}",
    "mon {object} {symptom}",
    "{product} indique {object} {symptom} {context}",
    "les utilisateurs signalent {object} {symptom} sur {product}",
    "{object} {symptom}",
    "le {object} {symptom} {context} avec {product}",
    "pourquoi le {object} {symptom2} dans {product}",
    "{object} {symptom} et {object2} {symptom2}",
]
CAUSE_EN = [
    "{object} {state}", "the {object} is {state}", "{product} {object} {state}",
    "{object} {state} {context}", "looks like the {object} was {state}",
]
CAUSE_FR = [
    "{object} {state}", "le {object} est {state}", "{product} {object} {state}",
    "{object} {state} {context}", "on dirait que le {object} est {state}",
]
COMMANDS = [
    "sudo jamf recon", "sudo jamf policy -verbose", "sudo profiles renew -type enrollment",
    "sudo jamf manage", "log show --last 1h --predicate 'subsystem == \"com.jamf.management\"'",
    "sudo launchctl kickstart -k system/com.jamfsoftware.task.1",
    "security find-certificate -a -p /Library/Keychains/System.keychain",
    "sudo profiles show -type configuration", "dscl . -read /Users/$USER",
    "sudo fdesetup status", "sudo softwareupdate --list", "scutil --proxy",
    "nslookup jamfcloud.com", "curl -sv https://login.microsoftonline.com",
    "sudo systemextensionsctl list", "sudo killall -HUP mDNSResponder",
]
STEP_EN = [
    "Open **Settings › Global › {object}** in {product}.",
    "Check that the {object} is not {state}.",
    "Run `{command}` on an affected Mac.",
    "Remove the {object} from the scope, save, then add it back.",
    "Wait for the next check-in (up to 15 minutes) and refresh the device record.",
    "Renew the {object} and upload it to {product}.",
    "Ask the user to sign out and sign in again.",
]
STEP_FR = [
    "Ouvrez **Settings › Global › {object}** dans {product}.",
    "Vérifiez que le {object} n'est pas {state}.",
    "Exécutez `{command}` sur un Mac concerné.",
    "Retirez le {object} du périmètre, enregistrez, puis rajoutez-le.",
    "Attendez le prochain check-in (jusqu'à 15 minutes) et actualisez la fiche appareil.",
    "Renouvelez le {object} et téléversez-le dans {product}.",
    "Demandez à l'utilisateur de se déconnecter puis de se reconnecter.",
]
SIG_PREFIXES = ["JAMF-E", "MDM-ERR", "AADSTS", "IntuneSync", "CA-FAIL", "PKI-", "JSS-"]
GENERATIONS = ["legacy-ca", "cloud-connector", "device-compliance"]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def q(text: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML)."""
    return json.dumps(text, ensure_ascii=False)


# --------------------------------------------------------------------------- model


@dataclass
class Question:
    id: str
    obj: int
    choices: list[str] | None  # None: yes/no
    ask_first: bool = False


@dataclass
class Problem:
    id: str
    area: int
    obj: int
    sym: int
    alt_sym: int
    obj2: int
    signature: str | None = None
    causes: list[str] = field(default_factory=list)


@dataclass
class Cause:
    id: str
    area: int
    obj: int
    state: int
    problems: dict[str, float]
    resolutions: list[str]
    evidence: list[dict[str, object]]


@dataclass
class Resolution:
    id: str
    obj: int
    state: int
    product: str
    command: str
    steps: list[int]


@dataclass
class Area:
    index: int
    product: str
    questions: list[Question]
    problems: list[Problem] = field(default_factory=list)
    causes: list[Cause] = field(default_factory=list)


class Generator:
    def __init__(self, scale: int, seed: int) -> None:
        self.scale = scale
        self.rng = random.Random(f"jamfkb-bench:{seed}")
        self.areas: list[Area] = []
        self.resolutions: list[Resolution] = []
        self._sig_codes: set[int] = set()
        self._pairs: set[tuple[int, int]] = set()

    # ------------------------------------------------------------------ logic

    def _signature(self, obj: int, state_word: str) -> str:
        rng = self.rng
        while True:
            code = rng.randrange(1000, 99999)
            if code not in self._sig_codes:
                self._sig_codes.add(code)
                break
        prefix = rng.choice(SIG_PREFIXES)
        text = OBJECTS[obj][0]
        status = f"0x{rng.randrange(16**8):08x}"
        return f"{prefix}{code}: {text[0].upper()}{text[1:]} {state_word} ({status})"

    def build(self) -> None:
        rng = self.rng
        n_problems = PROBLEMS_PER_SCALE * self.scale
        n_causes = CAUSES_PER_SCALE * self.scale
        n_areas = max(1, round(n_problems / AREA_SIZE))
        for a in range(n_areas):
            product = PRODUCTS[a % len(PRODUCTS)]
            questions = []
            qobjs = rng.sample(range(len(OBJECTS)), 5)
            for k, obj in enumerate(qobjs):
                qid = f"a{a:03d}-q{k}-{slug(OBJECTS[obj][0])}"
                choices = GENERATIONS if k == 4 else None
                questions.append(Question(qid, obj, choices, ask_first=(k == 4 and a % 3 == 0)))
            self.areas.append(Area(a, product, questions))
        problems: list[Problem] = []
        for i in range(n_problems):
            area = self.areas[i * n_areas // n_problems]
            while True:
                obj, sym = rng.randrange(len(OBJECTS)), rng.randrange(len(SYMPTOMS))
                if (obj, sym) not in self._pairs:
                    self._pairs.add((obj, sym))
                    break
            alt = rng.randrange(len(SYMPTOMS))
            obj2 = rng.randrange(len(OBJECTS))
            pid = f"p{i:04d}-{slug(OBJECTS[obj][0])}-{slug(SYMPTOMS[sym][0])}"
            p = Problem(pid, area.index, obj, sym, alt, obj2)
            if rng.random() < 0.3:
                p.signature = self._signature(obj, SYMPTOMS[sym][0])
            area.problems.append(p)
            problems.append(p)
        # causes: every problem gets one, the rest go to random problems of the same area
        homes = [p for p in problems] + [rng.choice(problems) for _ in range(n_causes - n_problems)]
        n_res = max(1, round(n_causes * 0.8))
        res_states = [(rng.randrange(len(OBJECTS)), rng.randrange(len(STATES)))
                      for _ in range(n_res)]
        for r, (obj, state) in enumerate(res_states):
            self.resolutions.append(Resolution(
                f"res-{r:04d}-{slug(OBJECTS[obj][0])}", obj, state, rng.choice(PRODUCTS),
                rng.choice(COMMANDS), rng.sample(range(len(STEP_EN)), rng.randint(3, 5)),
            ))
        for c, home in enumerate(homes):
            area = self.areas[home.area]
            obj, state = rng.randrange(len(OBJECTS)), rng.randrange(len(STATES))
            cid = f"c{c:04d}-{slug(OBJECTS[obj][0])}-{slug(STATES[state][0])}"
            probs = {home.id: round(rng.uniform(0.2, 0.8), 2)}
            if rng.random() < 0.2 and len(area.problems) > 1:
                other = rng.choice([p for p in area.problems if p.id != home.id])
                probs[other.id] = round(rng.uniform(0.1, 0.5), 2)
            # each resolution is linked at least once: cause c takes resolution c first
            res = [self.resolutions[c % n_res].id]
            if rng.random() < 0.3:
                extra = rng.choice(self.resolutions).id
                if extra not in res:
                    res.append(extra)
            evidence: list[dict[str, object]] = []
            n_ev = rng.choice((2, 2, 3, 3))  # 2.5 on average
            if rng.random() < 0.45:
                ev: dict[str, object] = {
                    "signature": self._signature(obj, STATES[state][0]),
                    "cf": round(rng.uniform(0.85, 0.98), 2),
                }
                if len(probs) > 1:
                    ev["problem"] = home.id
                evidence.append(ev)
            used: set[tuple[str, str]] = set()
            while len(evidence) < n_ev:
                qn = rng.choice(area.questions)
                choices = qn.choices or ["yes", "no"]
                answer = rng.choice(choices)
                if (qn.id, answer) in used:
                    continue
                used.add((qn.id, answer))
                cf = round(rng.choice((1, 1, -1)) * rng.uniform(0.3, 0.9), 2) or 0.5
                evidence.append({"question": qn.id, "answer": answer, "cf": cf})
            cause = Cause(cid, area.index, obj, state, probs, res, evidence)
            area.causes.append(cause)
            for pid in probs:
                next(p for p in area.problems if p.id == pid).causes.append(cid)
        # make sure every question is used by some rule (else `check` warns)
        for area in self.areas:
            used_q = {ev["question"] for c in area.causes for ev in c.evidence if "question" in ev}
            for qn in area.questions:
                if qn.id not in used_q and area.causes:
                    cause = rng.choice(area.causes)
                    answer = (qn.choices or ["yes", "no"])[0]
                    cause.evidence.append({"question": qn.id, "answer": answer,
                                           "cf": round(rng.uniform(0.3, 0.8), 2)})

    # ------------------------------------------------------------------ wording

    def _phrasings(self, p: Problem, lang: int, count: int, area: Area) -> list[str]:
        rng = self.rng
        templates = EN_TEMPLATES if lang == 0 else FR_TEMPLATES
        out: list[str] = []
        tries = 0
        while len(out) < count and tries < 200:
            tries += 1
            t = templates[0] if not out else rng.choice(templates)
            text = t.format(
                product=area.product if rng.random() < 0.7 else rng.choice(PRODUCTS),
                object=OBJECTS[p.obj][lang],
                symptom=SYMPTOMS[p.sym if rng.random() < 0.75 else p.alt_sym][lang],
                symptom2=SYMPTOMS[p.alt_sym][lang],
                object2=OBJECTS[p.obj2][lang],
                context=rng.choice(CONTEXTS)[lang],
            )
            if text not in out:
                out.append(text)
        return out

    def _cause_phrasings(self, c: Cause, lang: int, count: int, area: Area) -> list[str]:
        rng = self.rng
        templates = CAUSE_EN if lang == 0 else CAUSE_FR
        out: list[str] = []
        tries = 0
        while len(out) < count and tries < 200:
            tries += 1
            text = rng.choice(templates).format(
                object=OBJECTS[c.obj][lang], state=STATES[c.state][lang],
                product=area.product, context=rng.choice(CONTEXTS)[lang],
            )
            if text not in out:
                out.append(text)
        return out

    def _prior_sums(self) -> dict[str, float]:
        sums: dict[str, float] = {}
        for area in self.areas:
            for c in area.causes:
                for pid, prior in c.problems.items():
                    sums[pid] = sums.get(pid, 0.0) + prior
        return sums

    def _keep_priors_in_proportion(self) -> None:
        """A problem's causes share at most 1 between their priors, as `check` asks."""
        sums = self._prior_sums()
        for area in self.areas:
            for c in area.causes:
                for pid in c.problems:
                    if sums[pid] > 1:
                        c.problems[pid] = max(0.01, int(c.problems[pid] / sums[pid] * 100) / 100)

    def files(self) -> dict[str, str]:
        """Relative path → text, in a stable order."""
        self._keep_priors_in_proportion()
        rng = self.rng
        files: dict[str, str] = {}
        titles: dict[str, tuple[str, str]] = {}
        for area in self.areas:
            for p in area.problems:
                o, s = OBJECTS[p.obj], SYMPTOMS[p.sym]
                titles[p.id] = (f"{area.product}: {o[0]} {s[0]}", f"{area.product} : {o[1]} {s[1]}")
            for c in area.causes:
                o, s = OBJECTS[c.obj], STATES[c.state]
                titles[c.id] = (f"The {o[0]} is {s[0]}", f"Le {o[1]} est {s[1]}")
            for qn in area.questions:
                o = OBJECTS[qn.obj]
                if qn.choices:
                    titles[qn.id] = (f"Which integration serves the {o[0]}?",
                                     f"Quelle intégration gère le {o[1]} ?")
                else:
                    titles[qn.id] = (f"Is the {o[0]} configured in {area.product}?",
                                     f"Le {o[1]} est-il configuré dans {area.product} ?")
        for r in self.resolutions:
            o, s = OBJECTS[r.obj], STATES[r.state]
            titles[r.id] = (f"Fix the {o[0]} that is {s[0]}", f"Corriger le {o[1]} {s[1]}")

        for area in self.areas:
            art = f"area-{area.index:03d}-overview"
            titles[art] = (f"{area.product}: overview", f"{area.product} : vue d'ensemble")
            files[f"articles/{art}.toml"] = 'kind = "article"\n'
            for lang, code in ((0, "en"), (1, "fr")):
                head = ("Problems in this area", "Problèmes de ce domaine")[lang]
                intro = (f"This article lists what goes wrong with {area.product}.",
                         f"Cet article liste ce qui peut mal tourner avec {area.product}.")[lang]
                items = "".join(f"- [{titles[p.id][lang]}](kb:{p.id})\n" for p in area.problems)
                files[f"articles/{art}.{code}.md"] = (
                    f"+++\ntitle = {q(titles[art][lang])}\n+++\n# {titles[art][lang]}\n\n"
                    f"{intro}\n\n## {head}\n\n{items}"
                )
            for qn in area.questions:
                lines = ['kind = "question"']
                if qn.choices:
                    lines.append(f"choices = [{', '.join(q(c) for c in qn.choices)}]")
                if qn.ask_first:
                    lines.append("ask_first = true")
                files[f"questions/{qn.id}.toml"] = "\n".join(lines) + "\n"
                for lang, code in ((0, "en"), (1, "fr")):
                    o = OBJECTS[qn.obj][lang]
                    fm = f"+++\ntitle = {q(titles[qn.id][lang])}\n"
                    if qn.choices:
                        labels = ", ".join(f"{c} = {q(c.replace('-', ' ').title())}"
                                           for c in qn.choices)
                        fm += f"choices = {{ {labels} }}\n"
                    body = (
                        f"# {titles[qn.id][lang]}\n\n"
                        + (f"Look at the {o} in {area.product}:\n\n",
                           f"Regardez le {o} dans {area.product} :\n\n")[lang]
                        + (f"- open **Settings › {o}**;\n- compare with a working Mac.\n",
                           f"- ouvrez **Settings › {o}** ;\n"
                           "- comparez avec un Mac qui fonctionne.\n")[lang]
                    )
                    files[f"questions/{qn.id}.{code}.md"] = fm + "+++\n" + body
            for p in area.problems:
                logic = 'kind = "problem"\n'
                logic += f"applies_to = [{q(rng.choice(GENERATIONS))}]\n"
                logic += (f'sources = [\n  {{ doc = "Synthetic benchmark source {area.index}", '
                          f'revision = "2024-0{1 + area.index % 9}" }},\n]\n')
                if p.signature:
                    logic += f"signatures = [{{ text = {q(p.signature)}, cf = 0.9 }}]\n"
                files[f"problems/{p.id}.toml"] = logic
                n_phr = rng.randint(6, 8)
                checks = [qn for qn in area.questions if any(
                    ev.get("question") == qn.id for c in area.causes if p.id in c.problems
                    for ev in c.evidence)][:2]
                for lang, code in ((0, "en"), (1, "fr")):
                    phr = self._phrasings(p, lang, n_phr, area)
                    summary = (f"The {OBJECTS[p.obj][0]} {SYMPTOMS[p.sym][0]} on Macs managed by "
                               f"{area.product}.",
                               f"Le {OBJECTS[p.obj][1]} {SYMPTOMS[p.sym][1]} sur les Mac gérés par "
                               f"{area.product}.")[lang]
                    fm = (f"+++\ntitle = {q(titles[p.id][lang])}\nsummary = {q(summary)}\n"
                          "phrasings = [\n" + "".join(f"  {q(x)},\n" for x in phr) + "]\n+++\n")
                    body = f"# {titles[p.id][lang]}\n\n{summary}\n"
                    if p.signature:
                        body += ("\nThe log shows:\n\n", "\nLe journal affiche :\n\n")[lang]
                        body += f"```\n{p.signature}\n```\n"
                    if checks:
                        body += ("\n## What to check\n\n", "\n## À vérifier\n\n")[lang]
                        body += "".join(f"- [{titles[c.id][lang]}](kb:{c.id})\n" for c in checks)
                    body += ("\n## Likely causes\n\n", "\n## Causes probables\n\n")[lang]
                    body += "".join(f"- [{titles[c][lang]}](kb:{c})\n" for c in p.causes)
                    files[f"problems/{p.id}.{code}.md"] = fm + body
            for c in area.causes:
                logic = 'kind = "cause"\n'
                priors = ", ".join(f"{k} = {v}" for k, v in c.problems.items())
                logic += "problems = { " + priors + " }\n"
                logic += f"resolutions = [{', '.join(q(r) for r in c.resolutions)}]\n"
                for ev in c.evidence:
                    logic += "\n[[evidence]]\n"
                    for key in ("signature", "question", "answer", "problem", "cf"):
                        if key in ev:
                            v = ev[key]
                            logic += f"{key} = {q(v) if isinstance(v, str) else v}\n"
                files[f"causes/{c.id}.toml"] = logic
                n_phr = rng.randint(3, 4)
                sigs = [str(ev["signature"]) for ev in c.evidence if "signature" in ev]
                for lang, code in ((0, "en"), (1, "fr")):
                    phr = self._cause_phrasings(c, lang, n_phr, area)
                    fm = (f"+++\ntitle = {q(titles[c.id][lang])}\n"
                          "phrasings = [\n" + "".join(f"  {q(x)},\n" for x in phr) + "]\n+++\n")
                    o, s = OBJECTS[c.obj][lang], STATES[c.state][lang]
                    body = f"# {titles[c.id][lang]}\n\n"
                    body += (f"When the {o} is {s}, {area.product} cannot finish its work.\n",
                             f"Quand le {o} est {s}, {area.product} ne peut pas terminer.\n")[lang]
                    for sig in sigs:
                        body += f"\n```\n{sig}\n```\n"
                    body += ("\n## Fix\n\n", "\n## Solution\n\n")[lang]
                    body += "".join(f"- [{titles[r][lang]}](kb:{r})\n" for r in c.resolutions)
                    files[f"causes/{c.id}.{code}.md"] = fm + body
        for r in self.resolutions:
            files[f"resolutions/{r.id}.toml"] = 'kind = "resolution"\n'
            for lang, code in ((0, "en"), (1, "fr")):
                steps = STEP_EN if lang == 0 else STEP_FR
                o, s = OBJECTS[r.obj][lang], STATES[r.state][lang]
                body = f"# {titles[r.id][lang]}\n\n"
                body += "".join(
                    f"{n}. " + steps[k].format(object=o, state=s, product=r.product,
                                               command=r.command) + "\n"
                    for n, k in enumerate(r.steps, start=1)
                )
                body += f"\n```sh\n{r.command}\n```\n"
                body += ("\n## Verify\n\nThe device record shows the change after the next "
                         "inventory.\n",
                         "\n## Vérifier\n\nLa fiche appareil montre le changement après le "
                         "prochain inventaire.\n")[lang]
                files[f"resolutions/{r.id}.{code}.md"] = (
                    f"+++\ntitle = {q(titles[r.id][lang])}\n+++\n" + body)
        return dict(sorted(files.items()))


def generate(scale: int, seed: int) -> dict[str, str]:
    """The files of a synthetic content tree: relative path → text."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    gen = Generator(scale, seed)
    gen.build()
    return gen.files()


def write(files: dict[str, str], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=1,
                        help="multiple of the bundled KB (1, 10, 100)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True, type=Path, help="folder to write (must be empty)")
    parser.add_argument("--force", action="store_true", help="replace the folder if it exists")
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        if not args.force:
            print(f"{args.out} is not empty (use --force to replace it)", file=sys.stderr)
            return 2
        shutil.rmtree(args.out)
    files = generate(args.scale, args.seed)
    write(files, args.out)
    print(f"{args.out}: {len(files)} files (scale {args.scale}, seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
