"""Publications from open scholarly APIs: citation counts (``scholarsite citations``) and
import of works (``scholarsite import``). Only these commands use the network; a build
reads what they wrote (``_data/citations.yml``, the ``.bib`` files)."""
