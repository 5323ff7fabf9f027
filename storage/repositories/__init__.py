"""Repositories: one module per aggregate, each a ``Repository`` declared on ``UnitOfWork``."""
