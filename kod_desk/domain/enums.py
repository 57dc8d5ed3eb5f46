"""Closed vocabularies of the domain with their German labels (DESIGN.md §2)."""

from __future__ import annotations

from enum import StrEnum


class Unit(StrEnum):
    """Origin of an officer before the merger."""

    KOD = "kod"
    INVESTIGATION = "ermittlung"

    @property
    def label(self) -> str:
        return {Unit.KOD: "KOD", Unit.INVESTIGATION: "Ermittlungsdienst"}[self]


class Role(StrEnum):
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {
            Role.OFFICER: "Einsatzkraft",
            Role.SUPERVISOR: "Dienstgruppenleitung",
            Role.ADMIN: "Administration",
        }[self]


class ShiftKind(StrEnum):
    PATROL = "patrol"
    BIKE_PATROL = "bike_patrol"
    JOINT_PATROL_POLICE = "joint_patrol_police"
    CONTACT_POINT = "contact_point"
    INVESTIGATION = "investigation"
    OFFICE = "office"

    @property
    def label(self) -> str:
        return {
            ShiftKind.PATROL: "Streife",
            ShiftKind.BIKE_PATROL: "Radstreife",
            ShiftKind.JOINT_PATROL_POLICE: "Gemeinsame Streife Polizei",
            ShiftKind.CONTACT_POINT: "Ansprechstelle",
            ShiftKind.INVESTIGATION: "Ermittlungsdienst",
            ShiftKind.OFFICE: "Innendienst",
        }[self]

    @property
    def short(self) -> str:
        """Abbreviation for the roster grid's narrow cells."""
        return {
            ShiftKind.PATROL: "Str",
            ShiftKind.BIKE_PATROL: "Rad",
            ShiftKind.JOINT_PATROL_POLICE: "GSP",
            ShiftKind.CONTACT_POINT: "ASt",
            ShiftKind.INVESTIGATION: "ED",
            ShiftKind.OFFICE: "ID",
        }[self]

    @property
    def needs_area(self) -> bool:
        return self not in (ShiftKind.INVESTIGATION, ShiftKind.OFFICE)

    @property
    def is_patrol(self) -> bool:
        return self in (ShiftKind.PATROL, ShiftKind.BIKE_PATROL, ShiftKind.JOINT_PATROL_POLICE)


class AbsenceKind(StrEnum):
    VACATION = "vacation"
    SICK = "sick"
    TRAINING = "training"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            AbsenceKind.VACATION: "Urlaub",
            AbsenceKind.SICK: "Krank",
            AbsenceKind.TRAINING: "Fortbildung",
            AbsenceKind.OTHER: "Sonstige",
        }[self]


class BikeCondition(StrEnum):
    USABLE = "usable"
    DEFECT = "defect"
    IN_REPAIR = "in_repair"
    RETIRED = "retired"

    @property
    def label(self) -> str:
        return {
            BikeCondition.USABLE: "einsatzbereit",
            BikeCondition.DEFECT: "defekt",
            BikeCondition.IN_REPAIR: "in Reparatur",
            BikeCondition.RETIRED: "ausgemustert",
        }[self]


class CheckoutStatus(StrEnum):
    BOOKED = "booked"
    OUT = "out"
    RETURNED = "returned"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {
            CheckoutStatus.BOOKED: "gebucht",
            CheckoutStatus.OUT: "ausgegeben",
            CheckoutStatus.RETURNED: "zurückgenommen",
            CheckoutStatus.CANCELLED: "storniert",
        }[self]


class BikeServiceKind(StrEnum):
    INSPECTION = "inspection"
    REPAIR = "repair"

    @property
    def label(self) -> str:
        return {BikeServiceKind.INSPECTION: "Inspektion", BikeServiceKind.REPAIR: "Reparatur"}[self]


class IncidentSource(StrEnum):
    PATROL = "patrol"
    CITIZEN = "citizen"
    CONTACT_POINT = "contact_point"
    POLICE = "police"
    VIDEO = "video"

    @property
    def label(self) -> str:
        return {
            IncidentSource.PATROL: "Streife",
            IncidentSource.CITIZEN: "Bürgerhinweis",
            IncidentSource.CONTACT_POINT: "Ansprechstelle",
            IncidentSource.POLICE: "Polizei",
            IncidentSource.VIDEO: "Videoüberwachung",
        }[self]


class IncidentStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {
            IncidentStatus.OPEN: "offen",
            IncidentStatus.IN_PROGRESS: "in Bearbeitung",
            IncidentStatus.CLOSED: "abgeschlossen",
        }[self]


class PersonRole(StrEnum):
    AFFECTED = "affected"
    WITNESS = "witness"
    INFORMANT = "informant"

    @property
    def label(self) -> str:
        return {
            PersonRole.AFFECTED: "Betroffene/r",
            PersonRole.WITNESS: "Zeuge/Zeugin",
            PersonRole.INFORMANT: "Hinweisgeber/in",
        }[self]


class CaseStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def label(self) -> str:
        return {
            CaseStatus.OPEN: "offen",
            CaseStatus.IN_PROGRESS: "in Bearbeitung",
            CaseStatus.DONE: "erledigt",
        }[self]


class CatalogKind(StrEnum):
    """Editable catalogues; one table holds them all."""

    INCIDENT_CATEGORY = "incident_category"
    MEASURE = "measure"
    DEPARTMENT = "department"

    @property
    def label(self) -> str:
        return {
            CatalogKind.INCIDENT_CATEGORY: "Kategorie",
            CatalogKind.MEASURE: "Maßnahme",
            CatalogKind.DEPARTMENT: "Anfordernde Stelle",
        }[self]


class Qualification(StrEnum):
    """Well-known qualifications; officers may carry free-text ones as well."""

    BIKE = "Radstreife"
    FIRST_AID = "Erste Hilfe"
    DRIVING = "Führerschein Dienst-Kfz"
    INVESTIGATION = "Ermittlungen"
