# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
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
from IPython.display import display

from gcm_report.report.synthesis import SynthesisReport

report = SynthesisReport(review_round, snapshot_dir=snapshot_dir)

# %% tags=["cover"]
report.cover()

# %% [markdown]
# ## The regional reviews of this round

# %%
report.meetings()

# %% [markdown]
# ## Overlaps between commissions

# %%
for block in report.overlaps():
    display(block)

# %% [markdown]
# ## Migration by region

# %%
report.stock_chart()

# %%
report.within_region()

# %% [markdown]
# ## All indicators, region by region
#
# Every indicator of the regional reports, for the five regions and the world, in the same
# year for all columns.

# %%
report.indicators_table()

# %% [markdown]
# ## Sources, methods and provenance

# %%
report.sources_note()

# %% tags=["remove-cell"]
# Hands every number and table shown above to `gcm-report build` (indicators.csv, annex.xlsx).
display(report.publish_indicators(), raw=True)
