Attribute VB_Name = "CCHC"
' CCHC ribbon add-in: one callback for every button of the CCHC tab.
'
' Each button of customUI.xml calls OnAction; its Tag names a Python action registered
' in addin/registry.py, so adding a button touches only the ribbon XML and the registry.
' Python runs through xlwings RunPython when INTERPRETER_WIN (or INTERPRETER_MAC) is
' configured, otherwise through RunFrozenPython with the packaged cchc.exe: key
' FROZEN_EXE, default <folder of the add-in>\cchc\cchc.exe (see docs/addin.md).
' VBA source is stored in an ANSI code page, so Vietnamese text is written with
' \uXXXX escapes, decoded by U() and shown with MessageBoxW (MsgBox is ANSI only).
Option Explicit

#If Mac Then
#ElseIf VBA7 Then
    Private Declare PtrSafe Function MessageBoxW Lib "user32" (ByVal hWnd As LongPtr, _
        ByVal lpText As LongPtr, ByVal lpCaption As LongPtr, ByVal uType As Long) As Long
#Else
    Private Declare Function MessageBoxW Lib "user32" (ByVal hWnd As Long, _
        ByVal lpText As Long, ByVal lpCaption As Long, ByVal uType As Long) As Long
#End If

Private Const MB_ICONERROR As Long = &H10
Private Const MB_ICONINFORMATION As Long = &H40

' Ribbon callback shared by every button.
Public Sub OnAction(control As IRibbonControl)
    RunAction control.Tag
End Sub

' Run the Python action named actionTag; every failure ends in a message box.
Public Sub RunAction(ByVal actionTag As String)
    Dim exe As String
    On Error GoTo Failed
    If Not IsActionTag(actionTag) Then
        ShowMessage U("N\u00fat n\u00e0y ch\u01b0a \u0111\u01b0\u1ee3c g\u1eafn l\u1ec7nh h\u1ee3p l\u1ec7: ") & actionTag, MB_ICONERROR
        Exit Sub
    End If
    If UsePython() Then
        RunPython "import addin.entry; addin.entry.run('" & actionTag & "')"
    Else
        exe = FrozenExecutable()
        If Len(Dir(exe)) = 0 Then
            ShowMessage U("Kh\u00f4ng t\u00ecm th\u1ea5y ch\u01b0\u01a1ng tr\u00ecnh cchc.exe t\u1ea1i:") & vbCrLf & exe & vbCrLf & vbCrLf & _
                U("H\u00e3y ch\u00e9p th\u01b0 m\u1ee5c cchc v\u00e0o c\u1ea1nh t\u1ec7p add-in, ho\u1eb7c ghi \u0111\u01b0\u1eddng d\u1eabn c\u1ee7a ch\u01b0\u01a1ng tr\u00ecnh v\u00e0o kh\u00f3a FROZEN_EXE trong t\u1ec7p cchc.conf."), _
                MB_ICONERROR
            Exit Sub
        End If
        RunFrozenPython exe, "addin " & actionTag
    End If
    Exit Sub
Failed:
    ShowMessage U("Kh\u00f4ng ch\u1ea1y \u0111\u01b0\u1ee3c l\u1ec7nh '") & actionTag & "': " & Err.Description, MB_ICONERROR
End Sub

' Tags are lower-case identifiers, which keeps them safe inside the Python command.
Private Function IsActionTag(ByVal tagText As String) As Boolean
    Dim i As Long
    IsActionTag = Len(tagText) > 0
    For i = 1 To Len(tagText)
        If Not (Mid$(tagText, i, 1) Like "[a-z0-9_]") Then IsActionTag = False
    Next i
End Function

Private Function UsePython() As Boolean
    #If Mac Then
        UsePython = True
    #Else
        UsePython = Len(GetConfig("INTERPRETER_WIN", "")) > 0
    #End If
End Function

Private Function FrozenExecutable() As String
    FrozenExecutable = GetConfig("FROZEN_EXE", "")
    If Len(FrozenExecutable) = 0 Then
        FrozenExecutable = ThisWorkbook.Path & Application.PathSeparator & "cchc" & _
            Application.PathSeparator & "cchc.exe"
    End If
End Function

' Decode \uXXXX escapes into a Unicode string.
Public Function U(ByVal escaped As String) As String
    Dim i As Long, result As String
    i = 1
    Do While i <= Len(escaped)
        If Mid$(escaped, i, 2) = "\u" And i + 5 <= Len(escaped) Then
            result = result & ChrW(CLng("&H" & Mid$(escaped, i + 2, 4)))
            i = i + 6
        Else
            result = result & Mid$(escaped, i, 1)
            i = i + 1
        End If
    Loop
    U = result
End Function

' A message box that shows Vietnamese correctly on Windows.
Public Sub ShowMessage(ByVal text As String, ByVal icon As Long)
    #If Mac Then
        MsgBox text, IIf(icon = MB_ICONERROR, vbCritical, vbInformation), "CCHC"
    #Else
        MessageBoxW Application.hWnd, StrPtr(text), StrPtr("CCHC"), icon
    #End If
End Sub
