{{/* Names, labels and the RBAC rules, shared by every template. */}}

{{- define "managedapi-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The release's full name: the release name alone when it already contains the chart name
(`helm install managedapi-operator ...` gives managedapi-operator, not managedapi-operator-managedapi-operator).
*/}}
{{- define "managedapi-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Labels on every object. Never app.kubernetes.io/managed-by=managedapi-operator: that value marks the
objects the operator itself owns, and its informers select on it.
*/}}
{{- define "managedapi-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "managedapi-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: managedapi
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "managedapi-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "managedapi-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "managedapi-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "managedapi-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "managedapi-operator.leaseName" -}}
{{- default (include "managedapi-operator.fullname" .) .Values.leaderElection.leaseName }}
{{- end }}

{{- define "managedapi-operator.image" -}}
{{- $repository := printf "%s/%s" .Values.image.registry .Values.image.repository }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" $repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" $repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
What the operator does in the namespaces it watches, and nothing more. The same list is checked by
the operator at startup (operator/.../Preflight.java) and by HelmChartIT and HelmInstallE2E.
- managedapis: read and watch; write only the status subresource (the spec is the user's).
- deployments, services, poddisruptionbudgets, horizontalpodautoscalers, controllerrevisions (the
  healthy revisions, the rollback targets): the objects it owns,
  written with server-side apply (create, patch), deleted when the spec no longer wants them.
- pods, pods/log: observe restarts and read the crashed container's last lines.
- events: record and deduplicate its own (create, patch) and read the kubelet's (get, list).
- configmaps: read the ones the pods read and label them, so only those are cached; their content
  goes into the pod template as a hash (spec.config.rollOnChange); create and delete the immutable,
  content-named copies of spec.config.snapshot (it deletes only its own copies).
- secrets, get only, when notifications.webhookSecretAccess is on: the webhook URL.
- secrets, as configmaps, when configRollout.secrets is on.
*/}}
{{- define "managedapi-operator.rules" -}}
- apiGroups: ["managedapi.dev"]
  resources: ["managedapis"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["managedapi.dev"]
  resources: ["managedapis/status"]
  verbs: ["patch"]
- apiGroups: ["apps"]
  resources: ["deployments", "controllerrevisions"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: [""]
  resources: ["services"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: ["autoscaling"]
  resources: ["horizontalpodautoscalers"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["pods/log"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["get", "list", "create", "patch"]
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list", "watch", "patch", "create", "delete"]
{{- if .Values.configRollout.secrets }}
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "patch", "create", "delete"]
{{- else if .Values.notifications.webhookSecretAccess }}
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
{{- end }}
{{- end }}
