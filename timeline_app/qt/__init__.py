"""Everything that needs Qt (PySide6). The core (timeline_app.core) never imports from here."""
