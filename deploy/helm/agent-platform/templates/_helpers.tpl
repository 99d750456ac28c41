{{/* Release-scoped name prefix, at most 63 characters with a service suffix. */}}
{{- define "agent-platform.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Name of one service's objects: <fullname>-<service name>, e.g. platform-agent-platform-gateway-service. */}}
{{- define "agent-platform.serviceName" -}}
{{- printf "%s-%s" (include "agent-platform.fullname" .root) .svc.name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "agent-platform.commonLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/part-of: agent-platform
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{- define "agent-platform.labels" -}}
{{ include "agent-platform.commonLabels" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of one service; call with (dict "root" $ "svc" $svc). */}}
{{- define "agent-platform.serviceLabels" -}}
{{ include "agent-platform.commonLabels" .root }}
{{ include "agent-platform.selectorLabels" . }}
{{- end -}}

{{- define "agent-platform.selectorLabels" -}}
app.kubernetes.io/name: {{ .svc.name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "agent-platform.image" -}}
{{- $img := .root.Values.image -}}
{{- if eq (toString $img.tag) "latest" -}}
{{- fail "image.tag must name a version, not latest" -}}
{{- end -}}
{{- printf "%s/%s/%s:%s" $img.registry $img.repository .svc.name (toString $img.tag) -}}
{{- end -}}

{{- define "agent-platform.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "agent-platform.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The shared Secret: the one named by secrets.existingSecret, else the chart's own. */}}
{{- define "agent-platform.sharedSecretName" -}}
{{- default (printf "%s-shared" (include "agent-platform.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{/* In-cluster base URL of a service by its key in .Values.services: (dict "root" $ "key" "router"). */}}
{{- define "agent-platform.url" -}}
{{- $svc := index .root.Values.services .key -}}
{{- printf "http://%s:%v" (include "agent-platform.serviceName" (dict "root" .root "svc" $svc)) $svc.port -}}
{{- end -}}
