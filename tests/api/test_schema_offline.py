"""The API's documentation page works offline: Swagger UI's files are served by the service."""

from litestar.testing import TestClient

from tests.conftest import make_app


def test_the_documentation_page_asks_no_cdn_and_its_assets_are_served(database_url: str) -> None:
    with TestClient(make_app(database_url, "a-test-secret-of-enough-length-0123")) as client:
        page = client.get("/schema/swagger")
        assert page.status_code == 200
        assert "cdn." not in page.text and "unpkg" not in page.text
        for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-standalone-preset.js"):
            assert f"/schema/assets/{asset}" in page.text
            served = client.get(f"/schema/assets/{asset}")
            assert served.status_code == 200, asset
            assert len(served.content) > 1000
        assert client.get("/schema/openapi.json").status_code == 200
