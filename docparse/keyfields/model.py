"""What ``docparse extract`` returns: the key fields of a receipt or invoice, each with where
it is printed (page, box, the whole line) and how sure the extraction is."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from docparse.model import Box

DocumentKind = Literal["receipt", "invoice"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FieldValue(_Model):
    """One value as printed, and where."""

    text: str = Field(description="the value as printed (amounts without currency marks)")
    value: str | None = Field(
        default=None,
        description="normalised: amounts as plain decimals (12000, 48.00), dates as YYYY-MM-DD",
    )
    page: int = Field(ge=1, description="1-based page number")
    box: Box = Field(description="[x0, y0, x1, y1] of the value's words, page pixels")
    line: str = Field(description="the whole line the value is on")
    label: str | None = Field(default=None, description="the printed label it was found by")
    label_score: float | None = Field(
        default=None, ge=0, le=1, description="how surely the label names the field, as read"
    )
    confidence: float = Field(ge=0, le=1, description="label match × reading × arithmetic")


class Party(_Model):
    """A merchant, supplier or buyer."""

    name: FieldValue | None = None
    registration_number: FieldValue | None = Field(
        default=None, description="business registration number (Korea: 000-00-00000)"
    )
    phone: FieldValue | None = None
    address: FieldValue | None = None

    @property
    def empty(self) -> bool:
        return not any((self.name, self.registration_number, self.phone, self.address))


class LineItem(_Model):
    name: FieldValue | None = None
    quantity: FieldValue | None = None
    unit_price: FieldValue | None = None
    amount: FieldValue | None = None


class Check(_Model):
    """An arithmetic check between fields (items sum to the subtotal, subtotal + VAT = total)."""

    name: str = Field(description="e.g. 'items = subtotal', 'subtotal + vat = total'")
    ok: bool
    expected: str = Field(description="what the other fields add up to")
    found: str = Field(description="the printed value it was compared with")


class Extraction(_Model):
    """Key fields of one receipt or invoice (one input file)."""

    source: str = Field(description="path of the input file")
    kind: DocumentKind = Field(description="invoice when it names a buyer or is a tax invoice")
    engine: str
    supplier: Party = Field(default_factory=Party, description="the merchant or supplier")
    buyer: Party = Field(default_factory=Party)
    issue_date: FieldValue | None = None
    issue_time: FieldValue | None = None
    due_date: FieldValue | None = Field(
        default=None, description="payment due: a date, or the terms as printed"
    )
    items: list[LineItem] = Field(default_factory=list)
    subtotal: FieldValue | None = Field(default=None, description="subtotal / supply amount")
    vat: FieldValue | None = None
    total: FieldValue | None = None
    payment_method: FieldValue | None = Field(default=None, description="card or cash")
    card_number: FieldValue | None = Field(default=None, description="as printed (masked)")
    approval_number: FieldValue | None = None
    checks: list[Check] = Field(default_factory=list)
    warnings: list[str] = Field(
        default_factory=list, description="the document's: pages that could not be read, ..."
    )
    unread_pages: list[int] = Field(
        default_factory=list, description="1-based pages that could not be read: no field of theirs"
    )

    def values(self) -> list[tuple[str, FieldValue]]:
        """Every value found, by dotted name (``supplier.name``, ``item.2.amount`` ...)."""
        out: list[tuple[str, FieldValue]] = []
        for party in ("supplier", "buyer"):
            for name, value in getattr(self, party):
                if value is not None:
                    out.append((f"{party}.{name}", value))
        for name in SINGLE_FIELDS:
            value = getattr(self, name)
            if value is not None:
                out.append((name, value))
        for number, item in enumerate(self.items, start=1):
            for name, value in item:
                if value is not None:
                    out.append((f"item.{number}.{name}", value))
        return out

    def flat(self) -> dict[str, str]:
        """Dotted field name → printed text."""
        return {name: value.text for name, value in self.values()}


SINGLE_FIELDS = (
    "issue_date",
    "issue_time",
    "due_date",
    "subtotal",
    "vat",
    "total",
    "payment_method",
    "card_number",
    "approval_number",
)
