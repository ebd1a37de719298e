# The second finding (kube-linter's no-anti-affinity): replicas that share a node all go
# when that node does. A Deployment without replicas is scaled by an autoscaler, so it needs
# spreading too. Python rather than a YAML policy: a YAML `exists` on the pod spec never matched
# pod-spec lists.
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.kubernetes.checks.resource.base_spec_check import BaseK8Check


class SpreadReplicas(BaseK8Check):
    def __init__(self):
        super().__init__(
            name="Deployments with more than one replica spread their pods across nodes",
            id="CKV_MAPI_2",
            categories=[CheckCategories.KUBERNETES],
            supported_entities=["Deployment"],
        )

    def scan_spec_conf(self, conf):
        spec = conf.get("spec") or {}
        replicas = spec.get("replicas")
        if isinstance(replicas, int) and replicas <= 1:
            return CheckResult.PASSED
        pod = (spec.get("template") or {}).get("spec") or {}
        if pod.get("topologySpreadConstraints") or (pod.get("affinity") or {}).get("podAntiAffinity"):
            return CheckResult.PASSED
        return CheckResult.FAILED


check = SpreadReplicas()
