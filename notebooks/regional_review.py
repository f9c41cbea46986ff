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
# Report parameters. `gcm-report build` injects the values of params/round-<n>/<REGION>.yml;
# these defaults let the notebook run as is in JupyterLab.
region = "ECE"
round = 2  # the review round: same names as the params files
language = "en"  # en, fr, es, ru or ar: one of the params file's `languages`
top_n = 10
snapshot_dir = ""  # empty: the committed data snapshot

# %% tags=["remove-cell"]
from gcm_report.pipeline.notebook import setup_notebook
from gcm_report.report import RegionalReport

setup_notebook(globals(), "regional")  # warns about unknown parameters; JupyterLab display
report = RegionalReport(region, round, top_n=top_n, snapshot_dir=snapshot_dir, language=language)

# %% tags=["cover"]
report.cover()

# %%
report.section("mandate")

# %%
report.section("key_messages")

# %%
report.section("key_figures")

# %%
report.section("migration")

# %%
report.section("within_region")

# %%
report.section("protection")

# %%
report.section("remittances")

# %%
report.section("objectives")

# %%
report.section("commitments")

# %%
report.section("comparison")

# %%
report.section("annex")

# %%
report.section("sources")

# %%
report.section("appendix")
