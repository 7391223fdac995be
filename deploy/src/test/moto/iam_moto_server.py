"""moto's server for the IAM contract test (IamContractTest), on 127.0.0.1 and a free port.

moto checks every request against the caller's IAM policies once enforcement is on (POST
/moto-api/reset-auth with "0", after the test has created its principals), but where real IAM
differs in what it evaluates, the test would report calls AWS allows (or miss ones it refuses).
The patches below make moto evaluate what AWS evaluates:
  - the resource: moto compares a statement's Resource with the request's only for SQS calls that
    carry a queue URL; for DynamoDB, Secrets Manager and SQS GetQueueUrl it passes "*", which no
    resource-scoped statement matches. They get the table's, secret's and queue's ARN;
  - the action: moto checks Polly's SynthesizeSpeech as "polly:speech", and SQS's batch calls as
    sqs:SendMessageBatch etc., which IAM does not have: AWS authorizes SendMessageBatch,
    DeleteMessageBatch and ChangeMessageVisibilityBatch as sqs:SendMessage, sqs:DeleteMessage and
    sqs:ChangeMessageVisibility.

Prints "moto 127.0.0.1:<port>" once it listens, then one line "denied <error>: <message> (resource
<arn>)" for every request it refuses (AccessDenied names the principal and the action) and one line
"allowed <access key id> <action> <resource>" for every checked request it allows; stops when its
standard input closes (the test JVM ended) or after the given number of seconds.
"""
import sys
import threading

from moto import settings
from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.responses import BaseResponse
from moto.dynamodb.responses import DynamoHandler
from moto.polly.responses import PollyResponse
from moto.secretsmanager.responses import SecretsManagerResponse
from moto.server import ThreadedMotoServer
from moto.sqs.exceptions import QueueDoesNotExist
from moto.sqs.responses import SQSResponse
from moto.utilities.utils import get_partition


def _arn(self, service, resource):
    return f"arn:{get_partition(self.region)}:{service}:{self.region}:{self.current_account}:{resource}"


def table_arn(self):
    # every item and table operation names its table
    name = self._get_param("TableName")
    return _arn(self, "dynamodb", f"table/{name}") if name else "*"


def secret_arn(self):
    # SecretId is a name or an ARN; IAM evaluates the secret's full ARN
    secret_id = self._get_param("SecretId")
    secret = self.backend.secrets.get(secret_id) if secret_id else None
    return secret.arn if secret else "*"


_queue_from_url = SQSResponse._determine_resource


def queue_arn(self):
    # GetQueueUrl names the queue, not its URL
    name = self._get_param("QueueName")
    if not name:
        return _queue_from_url(self)
    try:
        return self.sqs_backend.get_queue(name).queue_arn
    except QueueDoesNotExist:
        return _arn(self, "sqs", name)


def authorized_as(iam_action):
    """An authorization step that checks IAM for iam_action(response) instead of moto's action name."""

    def authorize(self, resource="*"):
        self._get_action = lambda: iam_action(self)
        try:
            BaseResponse._authenticate_and_authorize_normal_action(self, resource)
        finally:
            del self._get_action

    return authorize


# moto dispatches Polly by path ("speech"); IAM knows the operation's name (SynthesizeSpeech)
polly_action = BaseResponse._get_action


SQS_BATCH_ACTIONS = {"SendMessageBatch", "DeleteMessageBatch", "ChangeMessageVisibilityBatch"}


def sqs_action(self):
    action = BaseResponse._get_action(self)
    return action.removesuffix("Batch") if action in SQS_BATCH_ACTIONS else action


_authorize = ActionAuthenticatorMixin._authenticate_and_authorize_action
_output = threading.Lock()


def report(line):
    # one write per line under a lock: requests are served on many threads
    with _output:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def authorize_and_report(self, iam_request_cls, resource="*"):
    checked = ActionAuthenticatorMixin.request_count >= settings.INITIAL_NO_AUTH_ACTION_COUNT
    try:
        _authorize(self, iam_request_cls, resource)
    except Exception as e:
        error = getattr(e, "error_type", type(e).__name__)
        report(f"denied {error}: {getattr(e, 'message', e)} (resource {resource})")
        raise
    if checked:
        # Credential=<access key id>/<date>/<region>/<service>/aws4_request
        scope = self.headers.get("Authorization", "").partition("Credential=")[2].partition(",")[0].split("/")
        report(f"allowed {scope[0]} {scope[3]}:{self._get_action()} {resource}")


ActionAuthenticatorMixin._authenticate_and_authorize_action = authorize_and_report
DynamoHandler._determine_resource = table_arn
SecretsManagerResponse._determine_resource = secret_arn
SQSResponse._determine_resource = queue_arn
PollyResponse._authenticate_and_authorize_normal_action = authorized_as(polly_action)
SQSResponse._authenticate_and_authorize_normal_action = authorized_as(sqs_action)


def main():
    max_seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 600
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    report(f"moto {host}:{port}")
    stdin_closed = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stdin_closed.set()), daemon=True).start()
    stdin_closed.wait(max_seconds)
    server.stop()


if __name__ == "__main__":
    main()
