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
snapshot_dir = ""  # empty: the committed data snapshot

# %% tags=["remove-cell"]
from IPython.display import display

from gcm_report.pipeline.notebook import setup_notebook
from gcm_report.report.synthesis import SynthesisReport

setup_notebook(globals(), "synthesis")  # warns about unknown parameters; JupyterLab display
report = SynthesisReport(round, snapshot_dir=snapshot_dir)

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
