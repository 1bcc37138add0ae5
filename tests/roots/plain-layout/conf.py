# A report in Sphinx's plain layout: conf.py beside index.md, chapters in MyST and reST.
project = "Review of the Example Registry"
author = "Example Review Team"
copyright = "2026, Example Review Team"
language = "en"
extensions = ["myst_parser", "reviewkit"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build", "public", "locale"]

reviewkit_slug = "example"
reviewkit_date = "2026-06-01"
reviewkit_owners = {"board": "Board of Directors", "staff": "Registry staff"}
reviewkit_summary = "summary"
reviewkit_translations = ["fr"]
locale_dirs = ["locale"]
gettext_compact = False
gettext_location = False
gettext_uuid = False
