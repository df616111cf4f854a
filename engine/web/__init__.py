"""Web pages for officers, border posts and analysts, served by the API in Spanish and English.

Include :data:`router` in the FastAPI application; the pages read the
application's ``state.runtime`` like the API routes do.
"""

from engine.web.routes import router

__all__ = ["router"]
