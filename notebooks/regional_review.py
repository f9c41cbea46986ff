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
top_n = 10
snapshot_dir = ""  # empty: the committed data snapshot

# %% tags=["remove-cell"]
from IPython.display import display

from gcm_report.pipeline.notebook import setup_notebook
from gcm_report.report.regional import RegionalReport

setup_notebook(globals(), "regional")  # warns about unknown parameters; JupyterLab display
report = RegionalReport(region, round, top_n=top_n, snapshot_dir=snapshot_dir)

# %% tags=["cover"]
report.cover()

# %% [markdown]
# ## Cover and mandate

# %%
report.mandate()

# %% [markdown]
# ## Key figures at a glance
#
# Headline numbers for the region in the round's reference year or, where a publisher's
# latest data are older, the latest comparable year (always shown). A migrant is a person
# living in a country other than their country of birth (or, where birthplace data are
# lacking, of citizenship), as estimated by UN DESA.

# %%
report.key_figures()

# %%
report.headline_indicators()

# %% [markdown]
# ## Migration in the region

# %%
report.trend_summary()

# %%
report.trend_chart()

# %%
report.top_destinations()

# %%
report.top_origins()

# %% [markdown]
# ## Within the region and beyond
#
# Where the region's migrants were born, and how the five regions are linked. The GCM
# considers that most international migration takes place within regions (A/RES/73/195,
# para. 50): the first line below says whether that holds here.

# %%
for block in report.within_region():
    display(block)

# %% [markdown]
# ## Progress by objective
#
# The 23 GCM objectives grouped by the four round tables used by the regional reviews. Each
# objective lists its indicators with the region's value, or says plainly that the current
# data has none.

# %%
for block in report.progress_by_objective():
    display(block)

# %% [markdown]
# ## Commitments and implementation
#
# Pledges, GCM Champion countries and Migration MPTF joint programmes from a curated table in
# which every fact has a source; a fact without a source is shown as not recorded.

# %%
report.commitments()

# %% [markdown]
# ## Comparison with the other regions and rounds

# %%
report.compare_regions()

# %%
report.compare_rounds()

# %% [markdown]
# ## Country annex
#
# One row per member of the commission, and the data-coverage matrix, so that gaps are
# visible country by country.

# %%
report.country_annex()

# %%
report.coverage_matrix()

# %% [markdown]
# ## Sources, methods and provenance

# %%
report.sources_note()

# %% tags=["remove-cell"]
# Hands every number and table shown above to `gcm-report build` (indicators.csv, annex.xlsx).
display(report.publish_indicators(), raw=True)
