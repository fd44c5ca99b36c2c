"""timeline_app: view and edit hand-written YAML timelines with sourced excerpts."""

__version__ = "0.1.0"
