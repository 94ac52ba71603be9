"""CLI command modules: each exposes register(app). Keep top-level imports light."""
