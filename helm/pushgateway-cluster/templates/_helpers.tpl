{{/* Chart name, overridable. */}}
{{- define "pushgateway-cluster.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Base name of every object; room is left for the "-headless" suffix. */}}
{{- define "pushgateway-cluster.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 54 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 54 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 54 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "pushgateway-cluster.headlessName" -}}
{{ include "pushgateway-cluster.fullname" . }}-headless
{{- end }}

{{/* The DNS name resolving to every pod, ready or not: how members find each other. */}}
{{- define "pushgateway-cluster.membersDns" -}}
{{ include "pushgateway-cluster.headlessName" . }}.{{ .Release.Namespace }}.svc.{{ .Values.clusterDomain }}
{{- end }}

{{- define "pushgateway-cluster.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "pushgateway-cluster.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels that identify this release's pods; also what may talk to their member port. */}}
{{- define "pushgateway-cluster.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pushgateway-cluster.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Write quorum: the given value, or a majority of the replicas. */}}
{{- define "pushgateway-cluster.minMembers" -}}
{{- if kindIs "invalid" .Values.cluster.minMembers }}
{{- add (div (int .Values.replicaCount) 2) 1 }}
{{- else }}
{{- if gt (int .Values.cluster.minMembers) (int .Values.replicaCount) }}
{{- fail (printf "cluster.minMembers (%d) must not exceed replicaCount (%d): no write could ever be accepted" (int .Values.cluster.minMembers) (int .Values.replicaCount)) }}
{{- end }}
{{- int .Values.cluster.minMembers }}
{{- end }}
{{- end }}

{{/* Backups per group: the given value, or as many as pods that may be cut off from the majority. */}}
{{- define "pushgateway-cluster.backupCount" -}}
{{- if kindIs "invalid" .Values.cluster.backupCount }}
{{- $minority := sub (int .Values.replicaCount) (int (include "pushgateway-cluster.minMembers" .)) }}
{{- min 6 (max 1 $minority) }}
{{- else }}
{{- int .Values.cluster.backupCount }}
{{- end }}
{{- end }}

{{- define "pushgateway-cluster.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}
