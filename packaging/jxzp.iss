; Inno Setup 6 script of 绩效自评填报: a per-user installer (no administrator rights) with a
; Chinese wizard, a Start-menu entry, the .jxzp association and an uninstaller that keeps the
; user's files.
;
; Build (on Windows, from the checkout's root, after the PyInstaller build made dist\jxzp\):
;     iscc /DAppVersion=0.1.0 packaging\jxzp.iss
; → dist\installer\jxzp-setup-0.1.0.exe
;
; The Chinese wizard texts come from Inno Setup's unofficial translation ChineseSimplified.isl
; (not installed with Inno Setup): put it beside this script (the CI workflow downloads it from
; the Inno Setup source repository, Files/Languages/Unofficial/). Without it the script still
; compiles, with Inno's English texts and the Chinese overrides in [Messages] below.
;
; What the uninstaller leaves (it removes only what it installed):
;   - the user's .jxzp files, wherever they are (also if saved inside the program folder);
;   - the data folder %APPDATA%\jxzp\绩效自评填报 with its recovery\ sub-folder (unsaved work);
;   - the settings (HKCU\Software\jxzp).
; There is deliberately no [UninstallDelete] section.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef DistDir
  #define DistDir "..\dist\jxzp"
#endif
#define AppName "绩效自评填报"
#define AppExe "jxzp.exe"
#define ProgId "jxzp.report"

[Setup]
; the AppId identifies the program across versions: never change it
AppId={{5B7E3C2A-9D41-4F6B-A8E2-3C1D7F0B9E64}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=jxzp 项目
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
; per user, no UAC prompt: {autopf} is %LOCALAPPDATA%\Programs, {group} a folder in the user's Start menu
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsedUserAreasWarning=no
; x64 Windows 10 1809 (build 17763) or later: what Qt 6 supports
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
OutputDir=..\dist\installer
OutputBaseFilename=jxzp-setup-{#AppVersion}
SetupIconFile=icons\jxzp.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
CloseApplications=yes

[Languages]
#if FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
Name: "chs"; MessagesFile: "ChineseSimplified.isl"
#else
Name: "chs"; MessagesFile: "compiler:Default.isl"
#endif

#if !FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
[Messages]
; the texts a user reads on the way through the wizard, when the full translation is absent
SetupAppTitle=安装
SetupWindowTitle=安装 - %1
UninstallAppTitle=卸载
UninstallAppFullTitle=%1 卸载
ButtonBack=< 上一步(&B)
ButtonNext=下一步(&N) >
ButtonInstall=安装(&I)
ButtonOK=确定
ButtonCancel=取消
ButtonYes=是(&Y)
ButtonNo=否(&N)
ButtonFinish=完成(&F)
ButtonBrowse=浏览(&R)...
ExitSetupTitle=退出安装
ExitSetupMessage=安装尚未完成。如果现在退出，程序将不会被安装。%n%n您可以以后再运行安装程序完成安装。%n%n退出安装吗？
WelcomeLabel1=欢迎使用 [name] 安装向导
WelcomeLabel2=本向导将在您的电脑上安装 [name/ver]。%n%n建议在继续之前关闭其他应用程序。
WizardSelectDir=选择安装位置
SelectDirDesc=[name] 要安装到哪里？
SelectDirLabel3=安装程序将把 [name] 安装到下面的文件夹中。
SelectDirBrowseLabel=单击“下一步”继续。如果要选择其他文件夹，请单击“浏览”。
WizardSelectTasks=选择附加任务
SelectTasksDesc=要执行哪些附加任务？
SelectTasksLabel2=请选择安装 [name] 时要执行的附加任务，然后单击“下一步”。
WizardReady=准备安装
ReadyLabel1=安装程序已准备好在您的电脑上安装 [name]。
ReadyLabel2a=单击“安装”开始安装；如果要查看或修改设置，请单击“上一步”。
WizardInstalling=正在安装
InstallingLabel=正在安装 [name]，请稍候……
FinishedHeadingLabel=[name] 安装完成
FinishedLabelNoIcons=[name] 已安装在您的电脑上。
FinishedLabel=[name] 已安装在您的电脑上，可以从开始菜单启动。
ClickFinish=单击“完成”退出安装程序。
ConfirmUninstall=确实要卸载 %1 吗？（您保存的自评文件和恢复文件不会被删除。）
UninstalledAll=%1 已从您的电脑上卸载。您保存的自评文件和恢复文件仍然保留。
UninstallStatusLabel=正在卸载 %1，请稍候……
#endif

[CustomMessages]
chs.DesktopIcon=在桌面上创建快捷方式(&D)
chs.AdditionalIcons=附加快捷方式：
chs.LaunchProgram=立即运行 {#AppName}
chs.FileTypeName=绩效自评文件
chs.UninstallEntry=卸载 {#AppName}

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "icons\jxzp-doc.ico"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"
Name: "{group}\{cm:UninstallEntry}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Registry]
; .jxzp → 绩效自评填报, for this user only (HKCU\Software\Classes); removed again on uninstall
Root: HKCU; Subkey: "Software\Classes\.jxzp"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.jxzp\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:FileTypeName}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\jxzp-doc.ico,0"
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".jxzp"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram}"; Flags: nowait postinstall skipifsilent
