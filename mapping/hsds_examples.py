"""Examples for the Open Referral UK (HSDS 3.0) operations in the OpenAPI document.

Taken from the Buckinghamshire demo data's real answers; tests/api/test_schema.py validates each
against the official HSDS 3.0 schemas, so they stay true to the specification.
"""

ROOT = {
    "version": "3.0",
    "profile": "https://openreferral.org/uk",
    "openapi_url": "https://inplace.example.org/api/schema/?format=json",
}

SERVICE = {
    "id": "1d26b6e6-cdb6-4b8c-8b65-3e230b4c7dfe",
    "organization_id": "9c1f9eb6-06ca-5042-8aad-cf3b7a66c833",
    "name": "Aylesbury food bank",
    "description": "Emergency food parcels on referral.",
    "status": "active",
    "assured_date": "2026-11-25",
    "last_modified": "2026-11-25T09:30:00+00:00",
    "organization": {
        "id": "9c1f9eb6-06ca-5042-8aad-cf3b7a66c833",
        "name": "Chiltern Foodbank Network",
        "description": "Food parcels, a money advice drop-in and holiday meals across the Chilterns.",
        "tax_id": "GB-CHC-1190101",
    },
    "attributes": [
        {
            "id": "1fbeacdf-124f-53a7-a471-18482348db4f",
            "link_id": "1d26b6e6-cdb6-4b8c-8b65-3e230b4c7dfe",
            "link_type": "service",
            "link_entity": "service",
            "taxonomy_term_id": "c451d7ed-c520-40ce-b569-9f60fd0c7e11",
            "taxonomy_term": {
                "id": "c451d7ed-c520-40ce-b569-9f60fd0c7e11",
                "code": "food",
                "name": "Food",
                "description": "Food",
                "taxonomy_id": "0809f81b-4d19-5683-93f4-5be47159c79a",
            },
        }
    ],
    "service_areas": [
        {
            "id": "21eda56a-82d1-5eee-a772-d75495b7c407",
            "service_id": "1d26b6e6-cdb6-4b8c-8b65-3e230b4c7dfe",
            "name": "Aylesbury",
        }
    ],
    "phones": [],
    "contacts": [],
    "service_at_locations": [
        {
            "id": "1903105b-c97b-5f49-9f5f-ef9bbd1428cf",
            "service_id": "1d26b6e6-cdb6-4b8c-8b65-3e230b4c7dfe",
            "location_id": "af05e426-3b4b-507c-80e1-c5ed92421d63",
            "location": {
                "id": "af05e426-3b4b-507c-80e1-c5ed92421d63",
                "location_type": "physical",
                "name": "Aylesbury food bank",
                "latitude": 51.816,
                "longitude": -0.812,
                "addresses": [
                    {
                        "id": "9c9a0ebf-1c0b-5260-b3c9-5c5cdf450948",
                        "location_id": "af05e426-3b4b-507c-80e1-c5ed92421d63",
                        "address_1": "Aylesbury food bank",
                        "city": "Buckinghamshire",
                        "state_province": "Buckinghamshire",
                        "postal_code": "HP20 1UA",
                        "country": "GB",
                        "address_type": "physical",
                    }
                ],
            },
        }
    ],
    "schedules": [
        {
            "id": "5b0a3d2e-8f7c-5e21-9a4b-6c1d2e3f4a5b",
            "service_id": "1d26b6e6-cdb6-4b8c-8b65-3e230b4c7dfe",
            "freq": "WEEKLY",
            "interval": 1,
            "byday": "MO",
            "opens_at": "10:00:00",
            "closes_at": "13:00:00",
        },
        {
            "id": "7d4c2b1a-0e9f-5d8c-b7a6-f5e4d3c2b1a0",
            "service_id": "1d26b6e6-cdb6-4b8c-8b65-3e230b4c7dfe",
            "freq": "WEEKLY",
            "interval": 1,
            "byday": "TH",
            "opens_at": "17:00:00",
            "closes_at": "19:00:00",
            "valid_from": "2026-09-01",
            "valid_to": "2027-07-20",
            "description": "Term time only",
        },
    ],
}

SERVICE_PAGE = {
    "total_items": 5,
    "total_pages": 5,
    "page_number": 1,
    "size": 1,
    "first_page": True,
    "last_page": False,
    "empty": False,
    "contents": [
        {
            "id": "1d26b6e6-cdb6-4b8c-8b65-3e230b4c7dfe",
            "organization_id": "9c1f9eb6-06ca-5042-8aad-cf3b7a66c833",
            "name": "Aylesbury food bank",
            "description": "Emergency food parcels on referral.",
            "status": "active",
            "assured_date": "2026-11-25",
            "last_modified": "2026-11-25T09:30:00+00:00",
        }
    ],
}

ORGANIZATION_PAGE = {
    "total_items": 10,
    "total_pages": 10,
    "page_number": 1,
    "size": 1,
    "first_page": True,
    "last_page": False,
    "empty": False,
    "contents": [
        {
            "id": "b17703ab-b9fa-59a0-9d28-9c4bca0edd74",
            "name": "Aylesbury Vale Befrienders",
            "description": "Volunteer befriending by phone and in person for older people living alone.",
            "tax_id": "GB-CHC-1190102",
        }
    ],
}

TAXONOMY_PAGE = {
    "total_items": 2,
    "total_pages": 2,
    "page_number": 1,
    "size": 1,
    "first_page": True,
    "last_page": False,
    "empty": False,
    "contents": [
        {
            "id": "0809f81b-4d19-5683-93f4-5be47159c79a",
            "name": "InPlace themes",
            "description": "Themes of need and provision in Buckinghamshire.",
            "version": "1",
        }
    ],
}

TAXONOMY_TERM_PAGE = {
    "total_items": 20,
    "total_pages": 20,
    "page_number": 1,
    "size": 1,
    "first_page": True,
    "last_page": False,
    "empty": False,
    "contents": [
        {
            "id": "7c1bf413-8352-41a9-bfa7-707284e0ae9b",
            "code": "advice-and-advocacy",
            "name": "Advice and advocacy",
            "description": "Advice and advocacy",
            "taxonomy_id": "0809f81b-4d19-5683-93f4-5be47159c79a",
        }
    ],
}
