"""The demo data of this app, loaded idempotently after the frameworks and indicators."""


def load_demo():
    pass
