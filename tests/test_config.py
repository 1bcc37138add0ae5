"""A wrong conf.py gets a configuration error that says what to write, never a traceback."""

from __future__ import annotations

import pytest

from conftest import CONF

PAGE = {"index.md": "# Report\n"}


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("reviewkit_owners = {}", "reviewkit_owners is empty"),
        ('reviewkit_owners = ["org"]', "reviewkit_owners is a list, not a dict"),
        ('reviewkit_owners = {"ICANN org": "ICANN org"}', "has the key 'ICANN org'"),
        ('reviewkit_owners = {"org": ""}', "reviewkit_owners['org'] must be a non-empty"),
        ('reviewkit_priorities = "high"', "reviewkit_priorities is a str, not a dict"),
        ("reviewkit_consensus_levels = {}", "reviewkit_consensus_levels is empty"),
        ('reviewkit_recommendation_label = ""', "reviewkit_recommendation_label must be"),
        ('reviewkit_slug = "SSR 2"', "reviewkit_slug is 'SSR 2'"),
        ('reviewkit_date = "25 January 2021"', "reviewkit_date is '25 January 2021'; write"),
        ('reviewkit_public_comment = "until March"', "reviewkit_public_comment is a str"),
        (
            'reviewkit_public_comment = {"opens": "2020-01-24", "closes": "2020-03-20"}',
            "reviewkit_public_comment has no how",
        ),
        (
            'reviewkit_public_comment = {"opens": "2020-01-24", "closes": "2020-03-20", '
            '"how": "By e-mail.", "until": "2020-03-20"}',
            "reviewkit_public_comment has unknown keys ['until']",
        ),
        (
            'reviewkit_public_comment = {"opens": "2020-01-24", "closes": "2020-02-30", '
            '"how": "By e-mail."}',
            "reviewkit_public_comment['closes'] is '2020-02-30'",
        ),
        (
            'reviewkit_public_comment = {"opens": "2020-01-24", "closes": "2020-03-20", "how": ""}',
            "reviewkit_public_comment['how'] must be a non-empty string",
        ),
        ("reviewkit_keywords = [5]", "reviewkit_keywords holds 5, not a non-empty string"),
        ('reviewkit_keywords = "DNS, abuse"', "reviewkit_keywords is a str, not a list"),
    ],
)
def test_bad_configuration_is_a_clear_error(project, cli, setting, expected):
    srcdir = project(PAGE, CONF + setting + "\n")  # the later assignment wins
    status, stderr = cli(srcdir)
    assert status != 0
    lines = (srcdir / "conf.py").read_text().splitlines()
    name = setting.split(" =")[0]
    line = max(n for n, text in enumerate(lines, 1) if text.startswith(name + " ="))
    assert f"{srcdir / 'conf.py'}:{line}: ERROR: " in stderr and expected in stderr
    assert "e.g." in stderr, "the message shows what to write"
    assert "Traceback" not in stderr
    assert not (srcdir.parent / "cli-out" / "index.html").exists(), "nothing is built"


def test_missing_owners_setting_is_a_clear_error(project, cli):
    conf = "".join(
        line for line in CONF.splitlines(keepends=True) if not line.startswith("reviewkit_owners")
    )
    srcdir = project(PAGE, conf)
    status, stderr = cli(srcdir)
    assert status == 2 and f"ERROR: {srcdir / 'conf.py'}: reviewkit_owners is empty" in stderr


def test_the_translators_tools_find_conf_py_from_a_relative_folder(project, tmp_path, monkeypatch):
    import subprocess
    import sys

    srcdir = project(PAGE, CONF + 'reviewkit_summary = "index"\nreviewkit_translations = ["fr"]\n')
    monkeypatch.chdir(srcdir.parent)
    folder = srcdir.name
    command = [sys.executable, "-m", "reviewkit.i18n", "-c", folder, "-s", folder, "coverage"]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].split()[0] == "fr"
