"""German names for the audit log's actions, tables and fields (issue 14), with a fallback."""

from __future__ import annotations

from kod_desk.domain.audit import action_label, field_label, table_label


def test_the_log_names_speak_german() -> None:
    assert action_label("login") == "Anmeldung"
    assert action_label("create") == "Angelegt"
    assert action_label("add_note") == "Vermerk hinzugefügt"
    assert table_label("officer") == "Dienstkraft"
    assert field_label("service_number") == "Dienstnummer"


def test_an_unnamed_value_is_shown_as_stored() -> None:
    assert action_label("brand_new_action") == "brand_new_action"
    assert table_label("") == ""
    assert field_label("some_field") == "some_field"
