"""An S3-compatible server on loopback (moto's), and settings that put the app's files in it.

``s3_storages(settings, endpoint)`` creates a bucket of its own and points STORAGES["default"] and
STORAGES["exports"] at it with the options coordination/settings.py gives them when
STORAGE_S3_BUCKET is set; Django's setting_changed signal resets ``storages`` and
``default_storage``, so every file field and service uses the bucket for the test.
"""

import uuid

import boto3
from moto.server import ThreadedMotoServer

KEYS = {"access_key": "testing", "secret_key": "testing"}  # moto accepts any


def start_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return server, f"http://{host}:{port}"


def bucket_client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="eu-west-2",
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )


def s3_storages(settings, endpoint):
    bucket = f"inplace-test-{uuid.uuid4().hex[:12]}"
    bucket_client(endpoint).create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": "eu-west-2",
        **KEYS,
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 60,
        "addressing_style": "path",
        "signature_version": "s3v4",
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": options | {"location": "media", "file_overwrite": False},
        },
        "exports": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": options | {"file_overwrite": True},
        },
    }
    return bucket


def keys_in(endpoint, bucket):
    listing = bucket_client(endpoint).list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))
