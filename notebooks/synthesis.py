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
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
# Report parameters. `gcm-report build` injects the values of params/round-<n>/synthesis.yml;
# the default lets the notebook run as is in JupyterLab.
review_round = 2
snapshot_dir = ""  # empty: the committed data snapshot

# %% tags=["remove-cell"]
from gcm_report.report import SynthesisReport

report = SynthesisReport(review_round, snapshot_dir=snapshot_dir)

# %% tags=["cover"]
report.cover()

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
