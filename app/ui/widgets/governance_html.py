"""Detail panes of the Instances page (séance, décision, organe) as escaped rich text, in French."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from html import escape

from app.domain.enums import AttendanceStatus, QuorumBasis
from app.domain.governance import (
    AgendaItemLine,
    BodySummary,
    DecisionSummary,
    MeetingDetail,
    MeetingSummary,
    VoteSummary,
)
from app.domain.quorum import threshold_from_decimal
from app.formatting import date_time, long_date, number, percent, plural
from app.ui.widgets.html import bullet_list, fields, muted, page, paragraph, section, table


def rights(value: Decimal) -> str:
    """Droits statutaires stored as a percentage (30 → "30,0 %")."""
    return percent(value / 100)


def yes_no(flag: bool) -> str:
    return "Oui" if flag else "Non"


def meeting_title(meeting: MeetingSummary) -> str:
    return f"{meeting.body_name or meeting.body_code} – {meeting.number_label}"


def meeting_html(detail: MeetingDetail) -> str:
    meeting = detail.summary
    place = meeting.place or "lieu à préciser"
    subtitle = f"{date_time(meeting.starts_at)} · {place} · {meeting.status.label}"
    return page(
        meeting_title(meeting),
        subtitle,
        section("Séance", _meeting_fields(detail)),
        section("Quorum", _quorum(detail)),
        section(f"Ordre du jour et votes ({plural(len(detail.items), 'point')})", _agenda(detail)),
        section("Présences", _attendance(detail)),
        section("Pouvoirs (mandant → mandataire)", _proxies(detail)),
        section("Invités sans voix délibérative", bullet_list(list(detail.guests), empty="Aucun invité.")),
    )


def _meeting_fields(detail: MeetingDetail) -> str:
    pairs = [
        ("Organe", detail.summary.body_name),
        ("Date", date_time(detail.summary.starts_at)),
        ("Lieu", detail.summary.place),
        ("Visioconférence", detail.video_link),
        ("Statut", detail.summary.status.label),
        ("Convoquée le", long_date(detail.convened_on) if detail.convened_on else ""),
        ("Présidence", detail.chair),
        ("Secrétaire de séance", detail.secretary),
        ("Ouverture", date_time(detail.opened_at) if detail.opened_at else ""),
        ("Clôture", date_time(detail.closed_at) if detail.closed_at else ""),
        ("PV approuvé le", long_date(detail.minutes_approved_on) if detail.minutes_approved_on else ""),
    ]
    pairs = [(key, value) for key, value in pairs if value or key == "Statut"]
    if detail.urgent:
        pairs.append(("Convocation", "En urgence"))
    if detail.second_convocation:
        pairs.append(("Convocation", "Seconde convocation"))
    return fields(pairs)


def _quorum(detail: MeetingDetail) -> str:
    if not detail.attendance:
        return muted("Les présences ne sont pas encore saisies : le quorum sera constaté à l'ouverture de "
                     "la séance.")
    counts = ", ".join(
        f"{detail.count(status)} {status.label.lower()}{'s' if detail.count(status) > 1 else ''}"
        for status in AttendanceStatus
    )
    lines = [("Membres votants", counts),
             ("Droits présents ou représentés", percent(detail.rights_present_share))]
    quorum = detail.quorum
    if quorum is None:
        return fields(lines) + muted("Heure d'ouverture inconnue : le quorum ne peut pas être vérifié.")
    verdict = escape(quorum.sentence())
    if quorum.required and not quorum.reached:
        return fields(lines) + f"<p class='warn'>{verdict}</p>"
    return fields(lines) + f"<p>{verdict}</p>"


def _proxies(detail: MeetingDetail) -> str:
    rows = [[p.grantor, p.holder, "compté" if p.counts else p.reason] for p in detail.proxies]
    return table(["Mandant", "Mandataire", "À l'ouverture"], rows, empty="Aucun pouvoir donné.")


def _agenda(detail: MeetingDetail) -> str:
    """One block per item: narrow detail panes break wide tables mid-word."""
    if not detail.items:
        return muted("L'ordre du jour est vide.")
    note = muted("Votes : nombre de voix et, entre parenthèses, part des droits statutaires. "
                 "NPPV : ne prend pas part au vote.")
    voted = any(item.vote is not None for item in detail.items)
    return "".join(_agenda_item(item) for item in detail.items) + (note if voted else "")


def _agenda_item(item: AgendaItemLine) -> str:
    facts = [item.kind.label, f"rapporteur : {item.rapporteur}" if item.rapporteur else "", item.status.label,
             item.decision_number]
    text = (f"<p style='margin-top:6px'><b>{item.position}. {escape(item.title)}</b><br/>"
            f"<span style='color:#555'>{escape(' · '.join(f for f in facts if f))}</span>")
    if item.vote is not None:
        text += f"<br/>{escape(vote_sentence(item.vote))}"
    return text + "</p>"


def vote_sentence(vote: VoteSummary) -> str:
    """"Vote à main levée : pour 2 (70,0 %), contre 0 (0,0 %)… Adopté à la majorité."."""
    parts = [
        ("pour", vote.votes_for, vote.rights_for),
        ("contre", vote.votes_against, vote.rights_against),
        ("abstention", vote.abstentions, vote.rights_abstaining),
        ("NPPV", vote.nppv, vote.rights_nppv),
    ]
    counted = ", ".join(f"{name} {number(count)} ({rights(share)})" for name, count, share in parts)
    quorum = "" if vote.quorum_reached else " Quorum non atteint au moment du vote."
    return f"Vote {vote.mode.label.lower()} : {counted}. {vote.result.label}.{quorum}"


def _attendance(detail: MeetingDetail) -> str:
    rows = [
        [line.organisation, line.representative, rights(line.voting_rights) if line.has_vote else "invité",
         line.status.label, line.mode.label if line.status is AttendanceStatus.PRESENT else ""]
        for line in detail.attendance
    ]
    headers = ["Membre", "Représentant", "Droits", "Présence", "Mode"]
    return table(headers, rows, numeric=[2], empty="Les présences n'ont pas été saisies.")


def decision_html(decision: DecisionSummary) -> str:
    day = long_date(decision.day) if decision.day else "date à préciser"
    subtitle = f"{decision.kind.label} · {decision.body_name} · {day} · {decision.status.label}"
    return page(
        f"{decision.number or 'Sans numéro'} – {decision.title}",
        subtitle,
        section("Décision", fields([
            ("Nature", decision.kind.label),
            ("Organe", decision.body_name),
            ("Séance du", day),
            ("Point de l'ordre du jour", decision.item_title),
            ("Statut", decision.status.label),
            ("Date d'effet", long_date(decision.effective_on) if decision.effective_on else ""),
            ("Publication", long_date(decision.published_on) if decision.published_on else ""),
        ])),
        section("Vote", _decision_vote(decision.vote)),
        section("Visas", bullet_list(list(decision.visas), empty="Aucun visa saisi.")),
        section("Considérants", bullet_list(list(decision.considerations), empty="Aucun considérant saisi.")),
        section("Articles", _articles(decision.articles)),
    )


def _decision_vote(vote: VoteSummary | None) -> str:
    if vote is None:
        return muted("Aucun vote enregistré pour cette décision.")
    return f"<p>{escape(vote_sentence(vote))}</p>" + muted(
        "Nombre de voix et, entre parenthèses, part des droits statutaires. "
        "NPPV : ne prend pas part au vote.")


def _articles(articles: tuple[str, ...]) -> str:
    if not articles:
        return muted("Aucun article saisi.")
    return "".join(
        f"<p><b>Article {index}.</b> {escape(_ARTICLE_PREFIX.sub('', text))}</p>"
        for index, text in enumerate(articles, start=1)
    )


_ARTICLE_PREFIX = re.compile(r"^\s*Article\s+\d+\s*[:.–-]\s*", re.IGNORECASE)  # numbered here already


_FRACTIONS = {
    Fraction(1, 2): "La moitié",
    Fraction(2, 3): "Les deux tiers",
    Fraction(3, 4): "Les trois quarts",
    Fraction(1, 3): "Le tiers",
    Fraction(1): "La totalité",
}


def quorum_rule(body: BodySummary) -> str:
    """"Les deux tiers des droits statutaires (66,7 %)"."""
    if body.quorum_basis is QuorumBasis.NONE:
        return "Sans quorum"
    basis = "des droits statutaires" if body.quorum_basis is QuorumBasis.RIGHTS else "des membres"
    named = _FRACTIONS.get(threshold_from_decimal(body.quorum_threshold))
    share = percent(body.quorum_threshold)
    return f"{named} {basis} ({share})" if named else f"{share} {basis}"


def body_html(body: BodySummary) -> str:
    return page(
        f"{body.name} ({body.code})",
        f"{body.kind.label} · {plural(len(body.seats), 'siège')} · {plural(body.meetings_count, 'séance')}",
        section("Règles de la convention constitutive", _rules(body)),
        section("Majorités par matière", table(
            ["Matière", "Majorité requise"],
            [[matter.label, majority.label] for matter, majority in body.majorities],
            empty="Aucune règle particulière : majorité simple.")),
        section("Sièges et droits statutaires", _seats(body)),
        section("Rappel imprimé sur les convocations", paragraph(body.rules_text)),
    )


def _rules(body: BodySummary) -> str:
    return fields([
        ("Quorum", quorum_rule(body)),
        ("Seconde convocation", "Quorum exigé" if body.quorum_on_second_convocation else "Sans quorum"),
        ("Abstentions", "Comptées comme suffrages exprimés" if body.abstentions_counted
         else "Non comptées dans les suffrages exprimés"),
        ("Voix prépondérante du président", yes_no(body.casting_vote)),
        ("Votes pondérés par les droits", yes_no(body.weighted_votes)),
        ("Délai de convocation",
         f"{plural(body.convocation_days, 'jour')} ({body.urgent_convocation_days} en cas d'urgence)"),
        ("Pouvoirs", f"{body.max_proxies} au plus par mandataire"),
    ])


def _seats(body: BodySummary) -> str:
    rows = [
        [seat.organisation, rights(seat.voting_rights) if seat.has_vote else "invité",
         ", ".join(seat.holders) or "—", ", ".join(seat.substitutes) or "—"]
        for seat in body.seats
    ]
    total = f"<p>Total des droits statutaires : <b>{escape(rights(body.total_rights))}</b></p>"
    return table(["Membre", "Droits", "Titulaire(s)", "Suppléant(s)"], rows, numeric=[1],
                 empty="Aucun siège déclaré.") + (total if rows else "")
