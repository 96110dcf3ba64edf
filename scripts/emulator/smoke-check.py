#!/usr/bin/env python3
"""End-to-end smoke check of the LocalStack emulator for stepgate.

Proves: REST API (API key required) -> AWS integration -> Step Functions
StartSyncExecution (EXPRESS) -> response template, and probes the quirks the
project depends on. Run it with the emulator's venv python:

    .emulator/venv/bin/python scripts/emulator/smoke-check.py [--endpoint URL]

Exit code 0 when the core path works (200 with the echoed input with a key,
403 without one); the quirk probes only print what they observe. A JSON
summary of all observations is printed last.
"""

import argparse
import json
import sys
import time
import urllib.error
import urllib.request
import uuid

import boto3
from botocore.config import Config

REGION = "us-east-1"
ACCOUNT = "000000000000"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/x"
SYNC_URI = f"arn:aws:apigateway:{REGION}:states:action/StartSyncExecution"

# The guide's request template (shared/seed/sync-express-api-gateway-guide.txt).
REQUEST_TEMPLATE = """#set($body= $input.json('$'))
#set($inputRoot='{ "data" :'+$body+',"apiInfo":{"httpMethod" :"'+ $context.httpMethod+'", "apiKey":"'+ $context.identity.apiKey+'"}}')
#set($apiData=$util.escapeJavaScript($inputRoot))
#set($apiData=$apiData.replaceAll("\\\\'","'"))
{
"input" :"$apiData",
"stateMachineArn": "REPLACE_STEPFUNCTION_ARN"
}"""

# The guide's response template.
RESPONSE_TEMPLATE = """#set ($bodyObj = $util.parseJson($input.body))
#if ($bodyObj.status == "SUCCEEDED")
$bodyObj.output
#elseif ($bodyObj.status == "FAILED")
#set($context.responseOverride.status = 500)
{
"cause": "$bodyObj.cause",
"error": "$bodyObj.error"
}
#else
#set($context.responseOverride.status = 500)
$input.body
#end"""

PASS_DEF = {"StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": True}}}
PASS_V2_DEF = {
    "StartAt": "Echo",
    "States": {"Echo": {"Type": "Pass", "Result": {"version": 2}, "End": True}},
}
FAIL_DEF = {
    "StartAt": "Boom",
    "States": {
        "Boom": {
            "Type": "Fail",
            "Error": "Smoke.Failed",
            "Cause": 'cause with "quotes" inside',
        }
    },
}

# Integration responses selected by the HTTP status of the Step Functions call.
ERROR_SELECTION = [("400", r"4\d{2}"), ("500", r"5\d{2}")]

findings = {}


def note(key, value):
    findings[key] = value
    print(f"  -> {key}: {json.dumps(value, default=str)}")


def section(title):
    print(f"\n== {title}")


def http_post(url, body, api_key=None, content_type="application/json"):
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(url, data=data, method="POST")
    req.add_header("Content-Type", content_type)
    if api_key is not None:
        req.add_header("x-api-key", api_key)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.read().decode(errors="replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(errors="replace")


def is_json(text):
    try:
        json.loads(text)
        return True
    except ValueError:
        return False


class Stack:
    def __init__(self, endpoint):
        self.endpoint = endpoint.rstrip("/")
        kw = dict(
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )
        self.apigw = boto3.client("apigateway", **kw)
        self.sfn = boto3.client("stepfunctions", **kw)
        # StartSyncExecution has endpoint hostPrefix "sync-": without this the
        # SDK would call http://sync-127.0.0.1:4566.
        self.sfn_sync = boto3.client(
            "stepfunctions", config=Config(inject_host_prefix=False), **kw
        )
        self.sfn_sync_prefixed = boto3.client(
            "stepfunctions",
            config=Config(retries={"max_attempts": 1}, connect_timeout=3),
            **kw,
        )
        self.iam = boto3.client("iam", **kw)
        self.sts = boto3.client("sts", **kw)
        self.logs = boto3.client("logs", **kw)
        self.suffix = uuid.uuid4().hex[:8]

    def url(self, api_id, stage, path=""):
        return f"{self.endpoint}/_aws/execute-api/{api_id}/{stage}/{path}"

    def state_machine(self, name, definition, sm_type="EXPRESS"):
        return self.sfn.create_state_machine(
            name=f"{name}-{self.suffix}",
            definition=json.dumps(definition),
            roleArn=ROLE_ARN,
            type=sm_type,
            tags=[{"key": "app", "value": "stepgate"}, {"key": "smoke", "value": "1"}],
        )["stateMachineArn"]

    def sync_api(self, name, sm_arn, method_codes=("200", "500"), extra_int_responses=()):
        """REST API with POST / -> StartSyncExecution(sm_arn), deployed to 'test'."""
        api = self.apigw.create_rest_api(
            name=f"{name}-{self.suffix}",
            tags={"app": "stepgate", "smoke": "1"},
            endpointConfiguration={"types": ["REGIONAL"]},
        )
        api_id = api["id"]
        root_id = next(
            r["id"] for r in self.apigw.get_resources(restApiId=api_id)["items"] if r["path"] == "/"
        )
        self.apigw.put_method(
            restApiId=api_id,
            resourceId=root_id,
            httpMethod="POST",
            authorizationType="NONE",
            apiKeyRequired=True,
        )
        self.apigw.put_integration(
            restApiId=api_id,
            resourceId=root_id,
            httpMethod="POST",
            type="AWS",
            integrationHttpMethod="POST",
            uri=SYNC_URI,
            credentials=ROLE_ARN,
            passthroughBehavior="NEVER",
            requestTemplates={
                "application/json": REQUEST_TEMPLATE.replace("REPLACE_STEPFUNCTION_ARN", sm_arn)
            },
        )
        for code in method_codes:
            self.apigw.put_method_response(
                restApiId=api_id,
                resourceId=root_id,
                httpMethod="POST",
                statusCode=code,
                responseModels={"application/json": "Empty"},
            )
        self.apigw.put_integration_response(
            restApiId=api_id,
            resourceId=root_id,
            httpMethod="POST",
            statusCode="200",
            responseTemplates={"application/json": RESPONSE_TEMPLATE},
        )
        for code, pattern in extra_int_responses:
            kw = {"selectionPattern": pattern} if pattern is not None else {}
            self.apigw.put_integration_response(
                restApiId=api_id,
                resourceId=root_id,
                httpMethod="POST",
                statusCode=code,
                responseTemplates={"application/json": '{"selected": "%s", "raw": $input.json(\'$\')}' % code},
                **kw,
            )
        self.apigw.create_deployment(restApiId=api_id, stageName="test", description="smoke")
        return api_id, root_id

    def key_and_plan(self, api_id, stage="test", throttle=(10.0, 20), quota=(1000, "DAY")):
        key = self.apigw.create_api_key(
            name=f"key-{api_id}-{uuid.uuid4().hex[:4]}",
            enabled=True,
            tags={"app": "stepgate", "smoke": "1"},
        )
        plan = self.apigw.create_usage_plan(
            name=f"plan-{api_id}-{uuid.uuid4().hex[:4]}",
            apiStages=[{"apiId": api_id, "stage": stage}],
            throttle={"rateLimit": throttle[0], "burstLimit": throttle[1]},
            quota={"limit": quota[0], "period": quota[1]},
            tags={"app": "stepgate", "smoke": "1"},
        )
        self.apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
        return key, plan


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", default="http://127.0.0.1:4566")
    args = parser.parse_args()
    s = Stack(args.endpoint)
    ok = True

    section("STS / IAM / Logs basics")
    note("sts.get_caller_identity.Account", s.sts.get_caller_identity()["Account"])
    try:
        s.iam.create_role(
            RoleName="x",
            AssumeRolePolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": ["apigateway.amazonaws.com", "states.amazonaws.com"]},
                            "Action": "sts:AssumeRole",
                        }
                    ],
                }
            ),
        )
    except s.iam.exceptions.EntityAlreadyExistsException:
        pass
    note("iam.get_role(x).Arn", s.iam.get_role(RoleName="x")["Role"]["Arn"])
    lg = f"/aws/vendedlogs/states/smoke-{s.suffix}"
    s.logs.create_log_group(logGroupName=lg, tags={"app": "stepgate"})
    note("logs.log_group_created", lg)

    section("Core path: EXPRESS Pass machine behind REST API with API key")
    pass_arn = s.state_machine("smoke-pass", PASS_DEF)
    api_id, root_id = s.sync_api("smoke-api", pass_arn, extra_int_responses=[("500", r"5\d{2}")])
    key, plan = s.key_and_plan(api_id)
    url = s.url(api_id, "test")
    print(f"  invoke URL: {url}")
    payload = {"hello": "world", "quote": 'say "hi"', "apos": "it's", "accent": "caf\u00e9", "n": 7}
    t0 = time.time()
    status, body = http_post(url, json.dumps(payload), api_key=key["value"])
    note("with_key.latency_s", round(time.time() - t0, 3))
    note("with_key.status", status)
    note("with_key.body", body)
    try:
        out = json.loads(body)
        ok &= status == 200 and out.get("data") == payload
        note("with_key.data_roundtrip_equal", out.get("data") == payload)
        note("with_key.apiInfo", out.get("apiInfo"))
    except ValueError:
        ok = False
        note("with_key.body_is_json", False)

    status, body = http_post(url, json.dumps(payload))
    note("without_key.status", status)
    note("without_key.body", body)
    ok &= status == 403
    status, body = http_post(url, json.dumps(payload), api_key="not-a-real-key")
    note("wrong_key.status", status)
    note("wrong_key.body", body)

    section("Tags on control-plane reads")
    apis = s.apigw.get_rest_apis()["items"]
    note("get_rest_apis.tags", next((a.get("tags") for a in apis if a["id"] == api_id), "API NOT LISTED"))
    note("get_rest_api.tags", s.apigw.get_rest_api(restApiId=api_id).get("tags"))
    keys = s.apigw.get_api_keys(includeValues=False)["items"]
    note("get_api_keys.tags", next((k.get("tags") for k in keys if k["id"] == key["id"]), "KEY NOT LISTED"))
    note("get_api_keys(includeValues=False).value_present", any("value" in k for k in keys))
    keys_v = s.apigw.get_api_keys(includeValues=True)["items"]
    note("get_api_keys(includeValues=True).value_present", any("value" in k for k in keys_v))
    plans = s.apigw.get_usage_plans()["items"]
    note("get_usage_plans.tags", next((p.get("tags") for p in plans if p["id"] == plan["id"]), "PLAN NOT LISTED"))
    note(
        "get_tags(restapi arn)",
        s.apigw.get_tags(resourceArn=f"arn:aws:apigateway:{REGION}::/restapis/{api_id}").get("tags"),
    )
    api_arn = f"arn:aws:apigateway:{REGION}::/restapis/{api_id}"
    s.apigw.tag_resource(resourceArn=api_arn, tags={"added": "later"})
    note("after tag_resource: get_tags(restapi arn)", s.apigw.get_tags(resourceArn=api_arn).get("tags"))
    note("after tag_resource: get_rest_api.tags", s.apigw.get_rest_api(restApiId=api_id).get("tags"))
    key_arn = f"arn:aws:apigateway:{REGION}::/apikeys/{key['id']}"
    note("get_tags(apikey arn)", s.apigw.get_tags(resourceArn=key_arn).get("tags"))
    plan_arn = f"arn:aws:apigateway:{REGION}::/usageplans/{plan['id']}"
    note("get_tags(usageplan arn)", s.apigw.get_tags(resourceArn=plan_arn).get("tags"))
    try:
        note(
            "sfn.list_tags_for_resource",
            s.sfn.list_tags_for_resource(resourceArn=pass_arn).get("tags"),
        )
    except Exception as err:  # noqa: BLE001
        note("sfn.list_tags_for_resource", f"ERROR {err!r}")
    note("sfn.describe_state_machine.type", s.sfn.describe_state_machine(stateMachineArn=pass_arn)["type"])

    section("Request body edge cases through the guide's request template")
    status, body = http_post(url, "not json", api_key=key["value"])
    note("invalid_json_body.status", status)
    note("invalid_json_body.body", body[:400])
    status, body = http_post(url, "a=b", api_key=key["value"], content_type="text/plain")
    note("text_plain_passthrough_NEVER.status", status)
    note("text_plain_passthrough_NEVER.body", body[:400])

    section("UpdateStateMachine -> next sync execution")
    s.sfn.update_state_machine(stateMachineArn=pass_arn, definition=json.dumps(PASS_V2_DEF))
    status, body = http_post(url, json.dumps(payload), api_key=key["value"])
    note("after_update.status", status)
    note("after_update.body", body)
    note("after_update.takes_effect_immediately", status == 200 and is_json(body) and json.loads(body) == {"version": 2})

    section("Fail state machine (responseOverride.status, 500 method response with selectionPattern)")
    fail_arn = s.state_machine("smoke-fail", FAIL_DEF)
    fail_api, _ = s.sync_api("smoke-fail-api", fail_arn, extra_int_responses=[("500", r"5\d{2}")])
    fkey, _ = s.key_and_plan(fail_api)
    status, body = http_post(s.url(fail_api, "test"), '{"x": 1}', api_key=fkey["value"])
    note("fail.status", status)
    note("fail.body", body)
    note("fail.body_is_json", is_json(body))
    note("responseOverride.status_works", status == 500)

    section("Variant: method responses 200+500, only the default (200) integration response")
    v_api, _ = s.sync_api("smoke-fail-noir", fail_arn, extra_int_responses=[])
    vkey, _ = s.key_and_plan(v_api)
    status, body = http_post(s.url(v_api, "test"), '{"x": 1}', api_key=vkey["value"])
    note("fail_no_500_integration_response.status", status)
    note("fail_no_500_integration_response.body", body)

    section("Variant: only a 200 method response (no 500 method response at all)")
    v2_api, _ = s.sync_api("smoke-fail-200only", fail_arn, method_codes=("200",), extra_int_responses=[])
    v2key, _ = s.key_and_plan(v2_api)
    status, body = http_post(s.url(v2_api, "test"), '{"x": 1}', api_key=v2key["value"])
    note("fail_200_method_response_only.status", status)
    note("fail_200_method_response_only.body", body)

    section("Variant: second integration response (500) WITHOUT selectionPattern")
    try:
        v3_api, _ = s.sync_api("smoke-two-defaults", pass_arn, extra_int_responses=[("500", None)])
        v3key, _ = s.key_and_plan(v3_api)
        status, body = http_post(s.url(v3_api, "test"), '{"x": 1}', api_key=v3key["value"])
        note("two_default_integration_responses.put_ok", True)
        note("two_default_integration_responses.status", status)
        note("two_default_integration_responses.body", body)
    except Exception as err:  # noqa: BLE001
        note("two_default_integration_responses.put_ok", f"ERROR {err!r}")

    section("STANDARD state machine behind StartSyncExecution")
    std_arn = s.state_machine("smoke-standard", PASS_DEF, sm_type="STANDARD")
    std_api, _ = s.sync_api(
        "smoke-std-api", std_arn, method_codes=("200", "400", "500"), extra_int_responses=ERROR_SELECTION
    )
    skey, _ = s.key_and_plan(std_api)
    status, body = http_post(s.url(std_api, "test"), '{"x": 1}', api_key=skey["value"])
    note("standard.status", status)
    note("standard.body", body)

    section("Missing state machine behind StartSyncExecution")
    gone_arn = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:does-not-exist-{s.suffix}"
    gone_api, _ = s.sync_api(
        "smoke-gone-api", gone_arn, method_codes=("200", "400", "500"), extra_int_responses=ERROR_SELECTION
    )
    gkey, _ = s.key_and_plan(gone_api)
    status, body = http_post(s.url(gone_api, "test"), '{"x": 1}', api_key=gkey["value"])
    note("missing_machine.status", status)
    note("missing_machine.body", body)

    section("Usage plan throttle/quota enforcement (quota 2/DAY, rate 1 burst 1)")
    qkey, _ = s.key_and_plan(api_id, throttle=(1.0, 1), quota=(2, "DAY"))
    codes = [http_post(url, '{"q": 1}', api_key=qkey["value"])[0] for _ in range(5)]
    note("quota_2_five_rapid_requests.statuses", codes)
    note("usage_plan_enforced", any(c == 429 for c in codes))

    section("StartSyncExecution directly via the SFN client")
    s.sfn.update_state_machine(stateMachineArn=pass_arn, definition=json.dumps(PASS_DEF))
    try:
        r = s.sfn_sync.start_sync_execution(stateMachineArn=pass_arn, input='{"direct": true}')
        note("direct.inject_host_prefix_false.status", r["status"])
        note("direct.inject_host_prefix_false.output", r.get("output"))
        note("direct.response_keys", sorted(k for k in r if k != "ResponseMetadata"))
    except Exception as err:  # noqa: BLE001
        note("direct.inject_host_prefix_false", f"ERROR {err!r}")
        ok = False
    try:
        r = s.sfn_sync_prefixed.start_sync_execution(stateMachineArn=pass_arn, input="{}")
        note("direct.default_host_prefix", f"worked: {r['status']}")
    except Exception as err:  # noqa: BLE001
        note("direct.default_host_prefix", f"ERROR {type(err).__name__}: {err}")
    try:
        r = s.sfn_sync.start_sync_execution(stateMachineArn=fail_arn, input="{}")
        note("direct.fail_machine", {k: r.get(k) for k in ("status", "error", "cause")})
    except Exception as err:  # noqa: BLE001
        note("direct.fail_machine", f"ERROR {err!r}")
    try:
        s.sfn_sync.start_sync_execution(stateMachineArn=std_arn, input="{}")
        note("direct.standard_machine", "no error")
    except Exception as err:  # noqa: BLE001
        note("direct.standard_machine", f"ERROR {err!r}")

    section("Summary")
    print(json.dumps({"ok": bool(ok), "findings": findings}, indent=2, default=str))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
