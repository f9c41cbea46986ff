# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python (gcm-report)
#     language: python
#     name: gcm-report
# ---

# %% tags=["parameters"]
# Report parameters. `gcm-report build` injects the values of params/round-<n>/synthesis.yml;
# the default lets the notebook run as is in JupyterLab.
round = 2  # the review round: same names as the params files
language = "en"  # en, fr, es, ru or ar: one of the params file's `languages`
snapshot_dir = ""  # empty: the committed data snapshot

# %% tags=["remove-cell"]
from gcm_report.pipeline.notebook import setup_notebook
from gcm_report.report import SynthesisReport

setup_notebook(globals(), "synthesis")  # warns about unknown parameters; JupyterLab display
report = SynthesisReport(round, snapshot_dir=snapshot_dir, language=language)

# %% tags=["cover"]
report.cover()

# %%
report.section("synthesis_key_messages")

# %%
report.section("synthesis_contrasts")

# %%
report.section("synthesis_meetings")

# %%
report.section("synthesis_overlaps")

# %%
report.section("synthesis_migration")

# %%
report.section("synthesis_indicators")

# %%
report.section("synthesis_sources")
