; Inno Setup script: a per-user installer for the standalone Windows folder.
; No admin rights: it installs into %LOCALAPPDATA%\Programs\Companion and adds a
; Start menu shortcut for this person only. Built by .github/workflows/build.yml
; after scripts\package.ps1 made dist\Companion; never run by the developers
; (see docs/install.md, "What is untested").
;   iscc /DAppVersion=0.1.0 packaging\windows\companion.iss

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6C1F2E1A-8C55-4F0B-9E0E-3A1F7C2B9D41}
AppName=Companion
AppVersion={#AppVersion}
AppPublisher=The Companion contributors
DefaultDirName={localappdata}\Programs\Companion
DisableDirPage=yes
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
OutputDir=..\..\dist
OutputBaseFilename=Companion-{#AppVersion}-setup
SetupIconFile=..\companion.ico
UninstallDisplayIcon={app}\companionw.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
LicenseFile=..\..\LICENSE

[Files]
Source: "..\..\dist\Companion\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion

[Icons]
Name: "{userprograms}\Companion"; Filename: "{app}\companionw.exe"; Comment: "Live captions and facilitation for online workshops"

[Run]
Filename: "{app}\companionw.exe"; Description: "Open Companion"; Flags: nowait postinstall skipifsilent
