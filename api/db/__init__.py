"""Database layer: ORM tables (`tables`) and engines and sessions (`session`)."""
