"""Checks shared by the fault tests: what people and partner systems are shown while a service
the site needs is down."""


def assert_service_unavailable_page(response):
    assert response.status_code == 503, response.content[:300]
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.headers["Retry-After"] == "30"
    page = response.content.decode()
    assert "<title>Service unavailable - InPlace</title>" in page
    assert "Nothing you sent was saved" in page


def assert_service_unavailable_json(response):
    assert response.status_code == 503, response.content[:300]
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Retry-After"] == "30"
    assert response.json() == {
        "error": {
            "status": 503,
            "code": "service_unavailable",
            "message": "The service is unavailable for a moment. Nothing was changed; try again.",
            "retry_after": 30,
        }
    }
