"""The bundled knowledge base: Markdown and TOML sources, shipped as package data."""
