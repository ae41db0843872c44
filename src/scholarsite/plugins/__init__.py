"""The Jekyll plugins whose jobs the engine does, one module each; see registry.py."""
