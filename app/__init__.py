"""The Streamlit app (see docs/app.md): pages gather input, call som, and draw."""
