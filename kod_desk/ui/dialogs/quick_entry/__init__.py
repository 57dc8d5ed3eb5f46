"""The parts the quick entry (ui/dialogs/quick_entry_dialog.py) is composed of."""
