"""The README's reference tables are generated from the schema and must match it."""
from tests.conftest import REPO
from timeline.schema import reference_markdown


def test_readme_reference_matches_schema():
    readme = (REPO / "README.md").read_text()
    block = readme.split("<!-- schema:start -->\n", 1)[1].split("\n<!-- schema:end -->", 1)[0]
    assert block == reference_markdown(), "run: python -m timeline.schema, and paste it between the schema markers"


def test_readme_names_the_two_commands_ci_runs():
    readme = (REPO / "README.md").read_text()
    assert "bash scripts/preview.sh" in readme and "bash scripts/test.sh" in readme
    assert "scripts/test.sh" in (REPO / ".ci/run").read_text()
