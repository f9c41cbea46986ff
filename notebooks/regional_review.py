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
# Report parameters. `gcm-report build` injects the values of params/round-<n>/<REGION>.yml;
# these defaults let the notebook run as is in JupyterLab.
region = "ECE"
review_round = 2
top_n = 10
snapshot_dir = ""  # empty: the committed data snapshot

# %% tags=["remove-cell"]
from gcm_report.report import RegionalReport

report = RegionalReport(region, review_round, top_n=top_n, snapshot_dir=snapshot_dir)

# %% tags=["cover"]
report.cover()

# %%
report.section("mandate")

# %%
report.section("key_figures")

# %%
report.section("migration")

# %%
report.section("within_region")

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
