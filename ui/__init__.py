"""The only package that imports Streamlit: settings, cached loaders, components and charts."""
