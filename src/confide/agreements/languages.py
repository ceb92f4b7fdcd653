"""Which language a version's text is read and signed in.

Each version is rendered, when issued, in every language confide ships: English on the
Agreement and ParticipantTerms rows, the others in AgreementTranslation / TermsTranslation.
A version issued before a language existed has no text in it; its reader gets English, and the
page says so (`lang` on the text), so nobody signs a text they were not shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from confide.agreements.models import Agreement, ParticipantTerms
from confide.agreements.text import LANGUAGE, signed_text


@dataclass(frozen=True)
class Reading:
    language: str
    shared_text: str
    own_text: str

    @property
    def text(self) -> str:
        """Exactly what the signer signs in this language."""
        return signed_text(self.shared_text, self.own_text)


def reading(agreement: Agreement, terms: ParticipantTerms, language: str) -> Reading:
    """The version in `language` if it was rendered in it, else in English."""
    if language != LANGUAGE:
        shared = agreement.translations.filter(language=language).first()
        own = terms.translations.filter(language=language).first()
        if shared is not None and own is not None:
            return Reading(language, shared.shared_text, own.own_text)
    return Reading(LANGUAGE, agreement.shared_text, terms.own_text)


def languages_of(agreement: Agreement) -> list[str]:
    """The languages this version can be read and signed in, English first."""
    return [LANGUAGE, *agreement.translations.values_list("language", flat=True).order_by("pk")]
