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
# Report parameters. `gcm-report build` injects the values of params/round-<n>/<REGION>.yml;
# these defaults let the notebook run as is in JupyterLab.
region = "ECE"
review_round = 2
top_n = 10
snapshot_dir = ""  # empty: the committed data snapshot

# %% tags=["remove-cell"]
from IPython.display import display

from gcm_report.report import RegionalReport

report = RegionalReport(region, review_round, top_n=top_n, snapshot_dir=snapshot_dir)

# %% tags=["cover"]
report.cover()

# %% [markdown]
# ## Key figures
#
# The headline numbers on international migrants living in the region in the round's data
# reference year. A migrant is a person living in a country other than their country of birth
# (or, where birthplace data are lacking, of citizenship), as estimated by UN DESA.

# %%
report.key_figures()

# %% [markdown]
# ## Migrants in the region over time

# %%
report.trend_summary()

# %%
report.trend_chart()

# %% [markdown]
# ## Main destination countries
#
# The members located in the region that host the most international migrants. Non-regional
# members of the commission are not included (see the aggregation rule below).

# %%
report.top_destinations()

# %% [markdown]
# ## Sources, methods and provenance

# %%
report.sources_note()

# %% tags=["remove-cell"]
# Hands every number shown above to `gcm-report build`, which writes indicators.csv.
display(report.publish_indicators(), raw=True)
