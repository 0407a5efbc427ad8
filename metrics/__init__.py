"""The domain core of the SEND performance dashboard: plan, data, status rules, public figures.

No Streamlit and no plotly here: the pages and the command line both call these functions.
"""
