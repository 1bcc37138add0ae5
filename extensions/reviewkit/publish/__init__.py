"""Publishing: the site readers use, built from the report and swapped into ``public/``.

``python -m reviewkit.publish`` builds one edition (HTML, PDF, the summaries in every
published language), then assembles the site beside ``public/``: the edition's
folder, the other editions already published, a landing page and ``SHA256SUMS``.
The assembled folder replaces ``public/`` in one step, so a failed or interrupted
publish leaves ``public/`` as it was.
"""
