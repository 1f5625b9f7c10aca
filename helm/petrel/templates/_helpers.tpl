{{/* The release's name for everything the chart creates, at most 63 characters. */}}
{{- define "petrel.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "petrel.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels that select the broker's pods; they never change over upgrades. */}}
{{- define "petrel.selectorLabels" -}}
app.kubernetes.io/name: {{ include "petrel.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "petrel.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "petrel.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "petrel.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* The Secret holding admin credentials, TLS material or both: the user's own, or the chart's. */}}
{{- define "petrel.tlsSecret" -}}
{{- default (printf "%s-tls" (include "petrel.fullname" .)) .Values.tls.existingSecret -}}
{{- end -}}

{{- define "petrel.adminSecret" -}}
{{- default (printf "%s-admin" (include "petrel.fullname" .)) .Values.admin.existingSecret -}}
{{- end -}}

{{- define "petrel.adminEnabled" -}}
{{- if or .Values.admin.existingSecret .Values.admin.password -}}true{{- end -}}
{{- end -}}

{{/* The MQTT listeners that run: tcp and ws as configured, tls and wss only with TLS material. */}}
{{- define "petrel.listeners" -}}
{{- $listeners := dict -}}
{{- range $name, $listener := .Values.listeners -}}
{{- if and $listener.enabled (or (has $name (list "tcp" "ws")) $.Values.tls.enabled) -}}
{{- $_ := set $listeners $name $listener -}}
{{- end -}}
{{- end -}}
{{- toYaml $listeners -}}
{{- end -}}

{{/* Service port names, as the IANA and Prometheus conventions have them. */}}
{{- define "petrel.portName" -}}
{{- get (dict "tcp" "mqtt" "tls" "mqtts" "ws" "mqtt-ws" "wss" "mqtt-wss") . -}}
{{- end -}}
