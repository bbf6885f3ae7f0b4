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

{{/*
Write quorum: the given value, or a majority of the replicas. Below three replicas a majority is
every pod (or the only one), so any restart stops all writes; that takes an explicit choice.
*/}}
{{- define "pushgateway-cluster.minMembers" -}}
{{- if kindIs "invalid" .Values.cluster.minMembers }}
{{- if lt (int .Values.replicaCount) 3 }}
{{- fail (printf "replicaCount %d is below 3: writes need a majority of the pods (the quorum), which with %d pod(s) is %d, so any restart, drain or upgrade of one pod stops all pushes (503). Use replicaCount 3 or more, or set cluster.minMembers explicitly to accept this (e.g. cluster.minMembers=1 for a single node)" (int .Values.replicaCount) (int .Values.replicaCount) (add (div (int .Values.replicaCount) 2) 1)) }}
{{- end }}
{{- add (div (int .Values.replicaCount) 2) 1 }}
{{- else }}
{{- if gt (int .Values.cluster.minMembers) (int .Values.replicaCount) }}
{{- fail (printf "cluster.minMembers (%d) must not exceed replicaCount (%d): no write could ever be accepted" (int .Values.cluster.minMembers) (int .Values.replicaCount)) }}
{{- end }}
{{- int .Values.cluster.minMembers }}
{{- end }}
{{- end }}

{{/*
Backups per group: the given value, or one on every other pod (at most 6, Hazelcast's limit), as
the node itself defaults to: every pod holds every group, so no acknowledged push is lost while
one pod lives.
*/}}
{{- define "pushgateway-cluster.backupCount" -}}
{{- if kindIs "invalid" .Values.cluster.backupCount }}
{{- min 6 (sub (int .Values.replicaCount) 1) }}
{{- else }}
{{- int .Values.cluster.backupCount }}
{{- end }}
{{- end }}

{{- define "pushgateway-cluster.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{/* Seconds in a duration of hours, minutes and seconds, e.g. 1m30s. */}}
{{- define "pushgateway-cluster.seconds" -}}
{{- $total := 0 }}
{{- range regexFindAll "[0-9]+[hms]" . -1 }}
{{- $n := int (trimSuffix "h" (trimSuffix "m" (trimSuffix "s" .))) }}
{{- if hasSuffix "h" . }}{{ $n = mul $n 3600 }}{{ else if hasSuffix "m" . }}{{ $n = mul $n 60 }}{{ end }}
{{- $total = add $total $n }}
{{- end }}
{{- $total }}
{{- end }}

{{/*
Grace period after SIGTERM: the given value, or the drain's delay and timeout plus a margin. A
given value shorter than delay and timeout would kill pods in the middle of leaving the cluster.
*/}}
{{- define "pushgateway-cluster.terminationGracePeriodSeconds" -}}
{{- $drain := add (include "pushgateway-cluster.seconds" .Values.drain.shutdownDelay) (include "pushgateway-cluster.seconds" .Values.drain.shutdownTimeout) }}
{{- if kindIs "invalid" .Values.terminationGracePeriodSeconds }}
{{- add $drain 20 }}
{{- else }}
{{- if lt (int .Values.terminationGracePeriodSeconds) (int $drain) }}
{{- fail (printf "terminationGracePeriodSeconds (%d) must cover drain.shutdownDelay (%s) plus drain.shutdownTimeout (%s), %d s: Kubernetes would kill pods before they have left the cluster" (int .Values.terminationGracePeriodSeconds) .Values.drain.shutdownDelay .Values.drain.shutdownTimeout (int $drain)) }}
{{- end }}
{{- int .Values.terminationGracePeriodSeconds }}
{{- end }}
{{- end }}

{{- define "pushgateway-cluster.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "pushgateway-cluster.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret holding the web config, or nothing when there is none. */}}
{{- define "pushgateway-cluster.webConfigSecret" -}}
{{- if .Values.webConfig.existingSecret }}
{{- .Values.webConfig.existingSecret }}
{{- else if .Values.webConfig.content }}
{{- include "pushgateway-cluster.fullname" . }}-web-config
{{- end }}
{{- end }}

{{- define "pushgateway-cluster.webConfigKey" -}}
{{- if .Values.webConfig.existingSecret }}{{ .Values.webConfig.existingSecretKey }}{{ else }}web-config.yml{{ end }}
{{- end }}

{{/* How the probes and the chart's scrape objects speak to the pods. */}}
{{- define "pushgateway-cluster.scheme" -}}
{{- if .Values.webConfig.tls }}https{{ else }}http{{ end }}
{{- end }}

{{/* The client Service as one scrape target: its DNS name and port. */}}
{{- define "pushgateway-cluster.serviceTarget" -}}
{{ include "pushgateway-cluster.fullname" . }}.{{ .Release.Namespace }}.svc.{{ .Values.clusterDomain }}:{{ .Values.service.port }}
{{- end }}

{{/* JVM options from the jvm values. */}}
{{- define "pushgateway-cluster.jvmOptions" -}}
{{- $options := list (printf "-XX:MaxRAMPercentage=%s" (toString .Values.jvm.maxRAMPercentage)) }}
{{- with .Values.jvm.maxHeap }}{{ $options = append $options (printf "-Xmx%s" .) }}{{ end }}
{{- with .Values.jvm.extraOptions }}{{ $options = append $options . }}{{ end }}
{{- join " " $options }}
{{- end }}

{{/* Label matchers for this release's pods in alert expressions. */}}
{{- define "pushgateway-cluster.alertSelector" -}}
{{- if .Values.prometheusRule.selector }}
{{- .Values.prometheusRule.selector }}
{{- else }}
{{- printf "namespace=%q, pod=~%q" .Release.Namespace (printf "%s-[0-9]+" (include "pushgateway-cluster.fullname" .)) }}
{{- end }}
{{- end }}

{{/* Port of the probe listener; it cannot share the HTTP (9091) or member (5701) port. */}}
{{- define "pushgateway-cluster.probePort" -}}
{{- $port := int .Values.probes.port }}
{{- if has $port (list 9091 5701) }}
{{- fail (printf "probes.port %d is taken: the pod listens on 9091 (HTTP) and 5701 (members); pick another port for the probe listener" $port) }}
{{- end }}
{{- $port }}
{{- end }}

{{/*
An HTTP probe on the pod's probe listener, which a connection flood on the main port cannot lock
out: path, and the timing fields given in the values.
*/}}
{{- define "pushgateway-cluster.probe" -}}
httpGet:
  path: {{ .path }}
  port: probes
  scheme: {{ include "pushgateway-cluster.scheme" .root | upper }}
{{- range $field, $value := .timing }}
{{ $field }}: {{ $value }}
{{- end }}
{{- end }}
